import { RegistryVersion, isPartialDate } from '@trial-ledger/domain';
import { Omission, mapRecord } from './map-record';
import { RecordError, TrialSnapshot } from './snapshot';

/** A snapshot as the registry version it is: a malformed field fails the whole version, naming the field. */
export const registryVersionOf = (snapshot: TrialSnapshot): { version: RegistryVersion; omitted: Omission[] } => {
  if (snapshot.postedDate !== null && !isPartialDate(snapshot.postedDate)) {
    throw new RecordError(snapshot.postedDateField, `"${snapshot.postedDate}" is not a date as yyyy, yyyy-MM or yyyy-MM-dd`);
  }
  const { observed, omitted } = mapRecord(snapshot.record);
  return { version: { source: snapshot.source, version: snapshot.version, postedDate: snapshot.postedDate, record: observed }, omitted };
};
