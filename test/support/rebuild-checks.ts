import { EventStore } from '@trial-ledger/event-store';
import { TrialReadModel } from '@trial-ledger/read-models';

/** Every trial, its state and its whole history, as the read side serves them. */
export const everything = async (readModel: TrialReadModel) => {
  const list = await readModel.listTrials({ limit: 10_000, offset: 0 });
  const trials = [];
  for (const { nctId } of list.items)
    trials.push({ trial: await readModel.getTrial(nctId), history: await readModel.getHistoryRows(nctId) });
  return { list, trials };
};

/** Waits until the live projections have applied the log up to `head`. */
export const caughtUp = async (readModel: TrialReadModel, head: number): Promise<void> => {
  const deadline = Date.now() + 20_000;
  while ((await readModel.position()) < head) {
    if (Date.now() > deadline) throw new Error(`The read models did not reach position ${head}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** The log as seen by a process that dies while reading past `position`. */
export const crashingAfter = (store: EventStore, position: number): EventStore =>
  Object.assign(Object.create(store) as EventStore, {
    readAll: async (options: { after: number; maxCount: number }) => {
      if (options.after >= position) throw new Error('crashed');
      return store.readAll(options);
    },
  });
