import {
  AllStreamResolvedEvent,
  AppendResult,
  EventData,
  ReadAllOptions,
  ReadStreamOptions,
  ResolvedEvent,
  StreamState,
  SubscribeToAllOptions,
} from '@kurrent/kurrentdb-client';
import { SubscriptionSource } from './subscription-runner';

/**
 * All the adapter needs of the KurrentDB client: the calls it makes, the options it passes and the answers it
 * reads. The real client (in `KurrentDbEventStore.connect`) and the test fake (`testing/fake-kurrentdb-client.ts`)
 * are both checked against it with `satisfies`, so the fake cannot drift from the client's signatures without the
 * compiler saying so. The members are function-typed properties rather than methods on purpose: TypeScript
 * compares method parameters loosely (bivariantly) even under strictFunctionTypes, and a fake that accepted less
 * than the adapter sends would then pass unnoticed.
 */
export interface KurrentClient {
  /** Only the classic states (revision-mapping): the adapter never sends the client's newer `stream_exists`. */
  readonly appendToStream: (streamName: string, events: EventData[], options: { streamState: StreamState }) => Promise<AppendResult>;
  readonly readStream: (
    streamName: string,
    options: Pick<ReadStreamOptions, 'fromRevision' | 'maxCount' | 'direction' | 'requiresLeader'>,
  ) => AsyncIterable<ResolvedEvent>;
  readonly readAll: (
    options: Pick<ReadAllOptions, 'fromPosition' | 'maxCount' | 'direction' | 'filter'>,
  ) => AsyncIterable<AllStreamResolvedEvent>;
  readonly subscribeToAll: (options: Pick<SubscribeToAllOptions, 'fromPosition' | 'filter'>) => SubscriptionSource;
  readonly dispose: () => Promise<void>;
}
