import { Query } from '@nestjs/cqrs';
import { StudySearch } from '@trial-ledger/fhir';
import { Page, TrialView } from '@trial-ledger/read-models';

/** The trials a FHIR ResearchStudy search selects, one page of them, in NCT ID order. */
export class SearchStudiesQuery extends Query<Page<TrialView>> {
  constructor(readonly search: StudySearch) {
    super();
  }
}
