/** The compliance findings, as in SQLite (sqlite/trial-compliance-schema.ts): a row per trial, running totals, an index per count. */
export const PG_TRIAL_COMPLIANCE_SCHEMA = `
CREATE TABLE IF NOT EXISTS trial_compliance (
  nct_id TEXT COLLATE "C" PRIMARY KEY, status TEXT NOT NULL, final INTEGER NOT NULL, verified_start TEXT COLLATE "C",
  verified_precision INTEGER, verification_due_from TEXT COLLATE "C" NOT NULL, results_due_from TEXT COLLATE "C",
  results_submitted TEXT COLLATE "C", static_errors INTEGER NOT NULL, latest_actual TEXT COLLATE "C",
  late_registration INTEGER NOT NULL, late_records INTEGER NOT NULL, open_status TEXT, open_from_day INTEGER,
  latest_reported TEXT COLLATE "C", data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS trial_compliance_unknown ON trial_compliance(status, verified_precision, verified_start);
CREATE INDEX IF NOT EXISTS trial_compliance_verification ON trial_compliance(final, verification_due_from);
CREATE INDEX IF NOT EXISTS trial_compliance_results ON trial_compliance(results_due_from, results_submitted) WHERE results_due_from IS NOT NULL;
CREATE INDEX IF NOT EXISTS trial_compliance_results_submitted ON trial_compliance(results_submitted, results_due_from) WHERE results_submitted IS NOT NULL;
CREATE INDEX IF NOT EXISTS trial_compliance_actual ON trial_compliance(latest_actual, static_errors) WHERE latest_actual IS NOT NULL;
CREATE INDEX IF NOT EXISTS trial_compliance_open ON trial_compliance(open_from_day, open_status);
CREATE INDEX IF NOT EXISTS trial_compliance_reported ON trial_compliance(latest_reported);
CREATE TABLE IF NOT EXISTS trial_compliance_totals (key TEXT PRIMARY KEY, value BIGINT NOT NULL);
`;
