import { DateStruct, RegisteredTrial, TRIAL_DATE_FIELDS, TrialCommand, TrialState, allowedTargets } from '@trial-ledger/domain';
import { TargetTrial } from './map-record';
import { PlannedCommand, TrialSnapshot } from './snapshot';

const sameDate = (a: DateStruct | null | undefined, b: DateStruct | undefined): boolean => a?.date === b?.date && a?.type === b?.type;

/**
 * The commands that bring the ledger from `state` to what the snapshot says, and nothing else: planning
 * the same snapshot again against the resulting state gives no command, so a re-import appends nothing.
 * Title, sponsor, conditions and interventions have no change command; later differences are not imported.
 */
export const planImport = (state: TrialState, target: TargetTrial, snapshot: TrialSnapshot): PlannedCommand[] => {
  const reason = `Imported from ${snapshot.source} (snapshot ${snapshot.asOf ?? 'of unstated date'})`;
  const effectiveDate = snapshot.asOf ?? undefined;
  const at = (command: TrialCommand): PlannedCommand => ({ command, reason, ...(effectiveDate ? { effectiveDate } : {}) });
  const { sites, ...registration } = target;
  const nctId = target.nctId;
  if (!state.registered) {
    return [at({ type: 'RegisterTrial', data: registration }), ...sites.map((site) => at({ type: 'AddSite', data: { nctId, ...site } }))];
  }
  return [...statusChange(state, target), ...enrollmentChange(state, target), ...datesChange(state, target), ...siteChanges(state, target)].map(at);
};

const statusChange = (state: RegisteredTrial, t: TargetTrial): TrialCommand[] => {
  if (state.status === t.status) return [];
  // UNKNOWN can only be reached from a known status; a record that skipped ahead while unknown goes back first.
  if (state.status === 'UNKNOWN' && state.lastKnownStatus && t.status !== state.lastKnownStatus
    && !allowedTargets('UNKNOWN', state.lastKnownStatus).includes(t.status)) return [];
  return [{ type: 'UpdateStatus', data: { nctId: t.nctId, status: t.status, ...(t.whyStopped ? { whyStopped: t.whyStopped } : {}) } }];
};

const enrollmentChange = (state: RegisteredTrial, t: TargetTrial): TrialCommand[] =>
  t.enrollment && (state.enrollment?.count !== t.enrollment.count || state.enrollment.type !== t.enrollment.type)
    ? [{ type: 'UpdateEnrollment', data: { nctId: t.nctId, ...t.enrollment } }]
    : [];

const datesChange = (state: RegisteredTrial, t: TargetTrial): TrialCommand[] => {
  const changed = TRIAL_DATE_FIELDS.filter((f) => t[f] !== undefined && !sameDate(state[f], t[f]));
  if (changed.length === 0) return [];
  return [{ type: 'UpdateDates', data: { nctId: t.nctId, ...Object.fromEntries(changed.map((f) => [f, t[f]])) } }];
};

const siteChanges = (state: RegisteredTrial, t: TargetTrial): TrialCommand[] =>
  t.sites.flatMap((site): TrialCommand[] => {
    const known = state.sites.find((s) => s.siteId === site.siteId);
    if (!known) return [{ type: 'AddSite', data: { nctId: t.nctId, ...site } }];
    return site.status && site.status !== known.status
      ? [{ type: 'UpdateSiteStatus', data: { nctId: t.nctId, siteId: site.siteId, status: site.status } }]
      : [];
  });
