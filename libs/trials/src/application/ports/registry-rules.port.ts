import { UnknownPolicy } from '@trial-ledger/domain';

/** The configured registry assumptions (docs/status-lifecycle.md, ⚠): how UNKNOWN is derived. */
export abstract class RegistryRules {
  abstract readonly unknownPolicy: UnknownPolicy;
}
