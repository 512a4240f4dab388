/** A FHIR JSON resource or element; the shapes are checked by a community validator in the tests, not by types here. */
export type FhirResource = Record<string, unknown>;

export const FHIR_JSON = 'application/fhir+json';
