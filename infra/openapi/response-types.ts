// The types the API answers with, named as the OpenAPI document's components: `npm run openapi` turns each exported
// type here (and every type it uses) into a JSON schema, so the document's answers follow the code's own types.
import type { Site } from '@trial-ledger/domain';
import type { CommandResult } from '@trial-ledger/ledger';
import type { Problem } from '@trial-ledger/platform';
import type { Page, TrialSummary, TrialView as StoredTrialView } from '@trial-ledger/read-models';
import type { Health, Readiness } from '@trial-ledger/runtime';
import type { TrialComplianceReport } from '@trial-ledger/compliance';
import type { AddSiteResult } from '../../libs/trials/src/application/add-site/add-site.http.controller';
import type { TrialHistory } from '../../libs/trials/src/application/get-history/get-history.query';
import type { AccessLogPage } from '../../libs/trials/src/application/access-log/access-log.port';
import type { SkippedEventMark } from '../../libs/trials/src/application/access-log/skipped-event-marks';
import type { TrialStateAt } from '../../libs/trials/src/application/get-state-at/get-state-at.query';
import type { TrialVerification } from '../../libs/trials/src/application/verify-trial/verify-trial.query';
import type { AuditPageConfig } from '../../apps/api/src/audit-ui/audit-page-config';
import type { ComplianceOverview } from '../../libs/trials/src/application/compliance-overview/compliance-overview.query';

export type { AccessLogPage, AddSiteResult, CommandResult, ComplianceOverview, Health, Problem, Readiness, Site, TrialComplianceReport };
export type { TrialHistory, TrialStateAt, TrialVerification };
export type { AuditPageConfig };
export type TrialPage = Page<TrialSummary>;
/** The read model's trial, and the events of it the read models passed over by an operator's recorded skip, if any. */
export type TrialView = StoredTrialView & { skippedEvents?: SkippedEventMark[] };
export type Liveness = { status: 'ok' };
