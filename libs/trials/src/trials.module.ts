import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccessLogHttpController } from './application/list-access-log/access-log.http.controller';
import { AccessLogQueries } from './application/list-access-log/access-log.queries';
import { AddSiteHttpController } from './application/add-site/add-site.http.controller';
import { ComplianceOverviewHandler } from './application/compliance-overview/compliance-overview.handler';
import { ComplianceOverviewHttpController } from './application/compliance-overview/compliance-overview.http.controller';
import { CorrectRecordHttpController } from './application/correct-record/correct-record.http.controller';
import { ExportHistoryHandler } from './application/export-history/export-history.handler';
import { ExportHistoryHttpController } from './application/export-history/export-history.http.controller';
import { FhirConformanceHttpController } from './application/fhir-research-study/fhir-conformance.http.controller';
import { FhirResearchStudyHttpController } from './application/fhir-research-study/fhir-research-study.http.controller';
import { SearchStudiesHandler } from './application/fhir-research-study/search-studies.handler';
import { StudyVersionsHandler } from './application/fhir-research-study/study-versions.handler';
import { GetHistoryHandler } from './application/get-history/get-history.handler';
import { GetHistoryHttpController } from './application/get-history/get-history.http.controller';
import { GetStateAtHandler } from './application/get-state-at/get-state-at.handler';
import { GetStateAtHttpController } from './application/get-state-at/get-state-at.http.controller';
import { GetSiteHandler } from './application/get-site/get-site.handler';
import { GetSiteHttpController } from './application/get-site/get-site.http.controller';
import { GetTrialHandler } from './application/get-trial/get-trial.handler';
import { GetTrialHttpController } from './application/get-trial/get-trial.http.controller';
import { ListTrialsHandler } from './application/list-trials/list-trials.handler';
import { ListTrialsHttpController } from './application/list-trials/list-trials.http.controller';
import { RegisterTrialHttpController } from './application/register-trial/register-trial.http.controller';
import { TrialComplianceHandler } from './application/trial-compliance/trial-compliance.handler';
import { TrialComplianceHttpController } from './application/trial-compliance/trial-compliance.http.controller';
import { ReadYourWrites } from './application/shared/read-your-writes';
import { TrialCommandExecutor } from './application/shared/trial-command-executor';
import { UpdateDatesHttpController } from './application/update-dates/update-dates.http.controller';
import { UpdateDetailsHttpController } from './application/update-details/update-details.http.controller';
import { RemoveSiteHttpController } from './application/remove-site/remove-site.http.controller';
import { RenameSiteHttpController } from './application/rename-site/rename-site.http.controller';
import { RecordVerificationHttpController } from './application/record-verification/record-verification.http.controller';
import { UpdateEnrollmentHttpController } from './application/update-enrollment/update-enrollment.http.controller';
import { UpdateSiteStatusHttpController } from './application/update-site-status/update-site-status.http.controller';
import { UpdateStatusHttpController } from './application/update-status/update-status.http.controller';
import { VerifyTrialHandler } from './application/verify-trial/verify-trial.handler';
import { VerifyTrialHttpController } from './application/verify-trial/verify-trial.http.controller';

/**
 * The trial use cases. The ports they need (EventStore, TrialReadModel, ProjectionProgress, Clock,
 * IdGenerator, ReadYourWritesSettings) are provided by whichever infrastructure module the app picks.
 */
@Module({
  imports: [CqrsModule],
  controllers: [
    RegisterTrialHttpController,
    UpdateStatusHttpController,
    AddSiteHttpController,
    UpdateSiteStatusHttpController,
    UpdateEnrollmentHttpController,
    UpdateDatesHttpController,
    RecordVerificationHttpController,
    UpdateDetailsHttpController,
    RemoveSiteHttpController,
    RenameSiteHttpController,
    ListTrialsHttpController,
    GetTrialHttpController,
    GetSiteHttpController,
    GetHistoryHttpController,
    GetStateAtHttpController,
    ExportHistoryHttpController,
    VerifyTrialHttpController,
    CorrectRecordHttpController,
    TrialComplianceHttpController,
    ComplianceOverviewHttpController,
    AccessLogHttpController,
    FhirResearchStudyHttpController,
    FhirConformanceHttpController,
  ],
  providers: [
    TrialCommandExecutor,
    ReadYourWrites,
    ListTrialsHandler,
    GetTrialHandler,
    GetSiteHandler,
    GetHistoryHandler,
    GetStateAtHandler,
    ExportHistoryHandler,
    VerifyTrialHandler,
    TrialComplianceHandler,
    ComplianceOverviewHandler,
    AccessLogQueries,
    SearchStudiesHandler,
    StudyVersionsHandler,
  ],
  exports: [TrialCommandExecutor],
})
export class TrialsModule {}
