/** ClinicalTrials.gov identifiers are "NCT" followed by exactly eight digits. */
export const NCT_ID_PATTERN = /^NCT\d{8}$/;

export const isNctId = (value: unknown): value is string => typeof value === 'string' && NCT_ID_PATTERN.test(value);
