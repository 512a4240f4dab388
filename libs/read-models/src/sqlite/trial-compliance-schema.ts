/*
 * The compliance findings (trial-compliance): one row per trial, the day-independent totals kept running beside
 * them, and an index per day-dependent count, so the overview's totals read index ranges, never every row.
 */
export const TRIAL_COMPLIANCE_SCHEMA = `
CREATE TABLE IF NOT EXISTS trial_compliance (
  nct_id TEXT PRIMARY KEY, status TEXT NOT NULL, final INTEGER NOT NULL, verified_start TEXT, verified_precision INTEGER,
  verification_due_from TEXT NOT NULL, results_due_from TEXT, results_submitted TEXT, static_errors INTEGER NOT NULL,
  latest_actual TEXT, late_registration INTEGER NOT NULL, late_records INTEGER NOT NULL, open_status TEXT, open_from_day INTEGER,
  latest_reported TEXT, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS trial_compliance_unknown ON trial_compliance(status, verified_precision, verified_start);
CREATE INDEX IF NOT EXISTS trial_compliance_verification ON trial_compliance(final, verification_due_from);
CREATE INDEX IF NOT EXISTS trial_compliance_results ON trial_compliance(results_due_from, results_submitted) WHERE results_due_from IS NOT NULL;
CREATE INDEX IF NOT EXISTS trial_compliance_results_submitted ON trial_compliance(results_submitted, results_due_from) WHERE results_submitted IS NOT NULL;
CREATE INDEX IF NOT EXISTS trial_compliance_actual ON trial_compliance(latest_actual, static_errors) WHERE latest_actual IS NOT NULL;
CREATE INDEX IF NOT EXISTS trial_compliance_open ON trial_compliance(open_from_day, open_status);
CREATE INDEX IF NOT EXISTS trial_compliance_reported ON trial_compliance(latest_reported);
CREATE TABLE IF NOT EXISTS trial_compliance_totals (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;
