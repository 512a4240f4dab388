import { Controller, Get, Header, Param, Req, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public, Roles } from '@trial-ledger/platform';
import { CONCEPT_MAP_ID, FHIR_JSON, FhirRequestError, FhirResource, capabilityStatement, statusConceptMap } from '@trial-ledger/fhir';
import { FhirOutcomeFilter } from './fhir-outcome.filter';
import { FhirRequest, fhirBase } from './fhir-base';

// The statement's date is when this process began serving it: what it says changes only with a new release.
const STARTED = new Date().toISOString();

/** What the FHIR view serves (the CapabilityStatement) and the status mapping it applies (the ConceptMap). */
@ApiExcludeController()
@UseFilters(FhirOutcomeFilter)
@Controller('fhir')
export class FhirConformanceHttpController {
  // Public, as FHIR clients read it before they authenticate; it holds no trial data.
  @Get('metadata')
  @Public()
  @Header('Content-Type', FHIR_JSON)
  metadata(@Req() request: FhirRequest): FhirResource {
    return capabilityStatement(fhirBase(request), STARTED);
  }

  @Get('ConceptMap/:id')
  @Header('Content-Type', FHIR_JSON)
  @Roles('reader', 'operator', 'auditor')
  conceptMap(@Param('id') id: string, @Req() request: FhirRequest): FhirResource {
    if (id !== CONCEPT_MAP_ID) throw new FhirRequestError(404, [{ diagnostics: `No ConceptMap ${id}; this server has ${CONCEPT_MAP_ID}` }]);
    return statusConceptMap(fhirBase(request));
  }
}
