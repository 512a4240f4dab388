import { Controller, Get, Header, Param, Req, Res, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import { Roles } from '@trial-ledger/platform';
import {
  FHIR_JSON,
  FhirRequestError,
  FhirResource,
  historyBundle,
  parseStudySearch,
  searchsetBundle,
  toResearchStudy,
} from '@trial-ledger/fhir';
import { NctIdPipe } from '../../http/nct-id.pipe';
import { RecordAccess } from '../../http/record-access.interceptor';
import { GetTrialQuery } from '../get-trial/get-trial.query';
import { FhirOutcomeFilter } from './fhir-outcome.filter';
import { FhirRequest, fhirBase } from './fhir-base';
import { SearchStudiesQuery } from './search-studies.query';
import { StudyVersionsQuery } from './study-versions.query';

type Reply = { header(n: string, v: string): unknown };

const versioned = (res: Reply, study: FhirResource): FhirResource => {
  const meta = study.meta as { versionId: string; lastUpdated: string };
  res.header('ETag', `W/"${meta.versionId}"`);
  res.header('Last-Modified', new Date(meta.lastUpdated).toUTCString());
  return study;
};

/** The query without paging, which each page's links set themselves. */
const searchQuery = (query: Record<string, unknown>): URLSearchParams => {
  const params = new URLSearchParams();
  for (const [name, raw] of Object.entries(query)) {
    if (name !== '_count' && name !== '_offset') (Array.isArray(raw) ? raw : [raw]).forEach((v) => params.append(name, String(v)));
  }
  return params;
};

/**
 * The FHIR R4 ResearchStudy view (docs/fhir.md). Left out of the OpenAPI document: a FHIR server describes itself by
 * its CapabilityStatement (/fhir/metadata), and its answers are FHIR resources, not the API's schemas.
 */
@ApiExcludeController()
@UseFilters(FhirOutcomeFilter)
@Controller('fhir/ResearchStudy')
export class FhirResearchStudyHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Header('Content-Type', FHIR_JSON)
  @Roles('reader', 'operator', 'auditor')
  async search(@Req() request: FhirRequest): Promise<FhirResource> {
    const query = request.query ?? {};
    const search = parseStudySearch(query);
    const page = await this.queryBus.execute(new SearchStudiesQuery(search));
    return searchsetBundle({
      base: fhirBase(request),
      query: searchQuery(query),
      resources: page.items.map(toResearchStudy),
      total: page.total,
      count: search.count,
      offset: search.offset,
    });
  }

  @Get(':nctId')
  @Header('Content-Type', FHIR_JSON)
  @Roles('reader', 'operator', 'auditor')
  async read(@Param('nctId', NctIdPipe) nctId: string, @Res({ passthrough: true }) res: Reply): Promise<FhirResource> {
    return versioned(res, toResearchStudy(await this.queryBus.execute(new GetTrialQuery(nctId))));
  }

  // Past versions are what /trials/{nctId}/state replays: the same roles, recorded in the access log the same way.
  @Get(':nctId/_history')
  @Header('Content-Type', FHIR_JSON)
  @Roles('operator', 'auditor')
  @RecordAccess('state.replay')
  async history(@Param('nctId', NctIdPipe) nctId: string, @Req() request: FhirRequest): Promise<FhirResource> {
    const versions = await this.queryBus.execute(new StudyVersionsQuery(nctId));
    return historyBundle(fhirBase(request), versions.map(toResearchStudy));
  }

  @Get(':nctId/_history/:revision')
  @Header('Content-Type', FHIR_JSON)
  @Roles('operator', 'auditor')
  @RecordAccess('state.replay')
  async vread(
    @Param('nctId', NctIdPipe) nctId: string,
    @Param('revision') vid: string,
    @Res({ passthrough: true }) res: Reply,
  ): Promise<FhirResource> {
    if (!/^[1-9]\d{0,14}$/.test(vid))
      throw new FhirRequestError(400, [{ expression: 'revision', diagnostics: 'The version must be a revision number from 1' }]);
    const versions = await this.queryBus.execute(new StudyVersionsQuery(nctId));
    const version = versions[Number(vid) - 1];
    if (!version)
      throw new FhirRequestError(404, [{ diagnostics: `ResearchStudy/${nctId} has versions 1 to ${versions.length}, not ${vid}` }]);
    return versioned(res, toResearchStudy(version));
  }
}
