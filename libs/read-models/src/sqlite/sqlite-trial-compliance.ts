import Database from 'better-sqlite3';
import { RecordedEvent } from '@trial-ledger/event-store';
import { TrialStatus, UnknownPolicy } from '@trial-ledger/domain';
import { ComplianceFindings, findingsOf, foldCompliance } from '../trial-compliance/trial-compliance.projection';
import { COMPLIANCE_COLUMNS, columnsOf, contributionDelta, contributionOf, rowOf } from '../trial-compliance/trial-compliance.columns';
import { ComplianceTotals, TodayQuery, reportedAfterQuery, todayQueries, totalsOf } from '../trial-compliance/trial-compliance.today';
import { TrialComplianceReadModel } from '../trial-compliance/trial-compliance.port';
import { SqliteProjection } from './sqlite-projection';

/** The findings as folded, and what the trial last added to the running totals (null before its first write). */
export interface HeldFindings {
  findings: ComplianceFindings;
  written: Map<string, number> | null;
}

export class SqliteTrialComplianceProjection extends SqliteProjection<HeldFindings> {
  readonly name = 'trial-compliance';
  private readonly select = this.db.prepare<[string], { data: string }>('SELECT data FROM trial_compliance WHERE nct_id = ?');
  private readonly upsert = this.db.prepare(
    `INSERT INTO trial_compliance (${COMPLIANCE_COLUMNS.join(', ')}) VALUES (${COMPLIANCE_COLUMNS.map(() => '?').join(', ')})
     ON CONFLICT(nct_id) DO UPDATE SET ${COMPLIANCE_COLUMNS.slice(1)
       .map((c) => `${c} = excluded.${c}`)
       .join(', ')}`,
  );
  private readonly addToTotal = this.db.prepare(
    'INSERT INTO trial_compliance_totals (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = value + excluded.value',
  );

  protected load(nctId: string): HeldFindings | null {
    const row = this.select.get(nctId);
    if (!row) return null;
    const findings = findingsOf(row.data);
    return { findings, written: contributionOf(findings) };
  }

  protected evolve(_nctId: string, current: HeldFindings | null, event: RecordedEvent): HeldFindings {
    return { findings: foldCompliance(current?.findings ?? null, event), written: current?.written ?? null };
  }

  protected save(_nctId: string, held: HeldFindings): void {
    const columns = columnsOf(held.findings);
    this.upsert.run(...rowOf(held.findings, columns));
    const now = contributionOf(held.findings, columns);
    for (const [key, delta] of contributionDelta(held.written, now)) this.addToTotal.run(key, delta);
    // Held on across a write-behind window: the next write adds only what changed after this one.
    held.written = now;
  }

  protected clear(): void {
    this.db.exec('DELETE FROM trial_compliance; DELETE FROM trial_compliance_totals;');
  }
}

export class SqliteTrialComplianceReadModel extends TrialComplianceReadModel {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    super();
  }

  async findings(nctId: string): Promise<ComplianceFindings | null> {
    const row = this.prepared('SELECT data FROM trial_compliance WHERE nct_id = ?').get(nctId) as { data: string } | undefined;
    return row ? findingsOf(row.data) : null;
  }

  /** The page is chosen on the primary key's index and only its rows' JSON is read, as the trial list does. */
  async page(limit: number, offset: number): Promise<ComplianceFindings[]> {
    const rows = this.prepared(
      'SELECT data FROM trial_compliance WHERE nct_id IN (SELECT nct_id FROM trial_compliance ORDER BY nct_id LIMIT ? OFFSET ?) ORDER BY nct_id',
    ).all(limit, offset) as { data: string }[];
    return rows.map((r) => findingsOf(r.data));
  }

  /** One read transaction, so that the running totals and the counts see the same projection state. */
  async totals(today: string, policy: UnknownPolicy): Promise<ComplianceTotals> {
    const q = todayQueries(today, policy);
    const n = (query: TodayQuery) => (this.prepared(query.sql).get(...query.params) as { n: number }).n;
    return this.db.transaction(() => {
      const running = this.prepared('SELECT key, value FROM trial_compliance_totals').all() as { key: string; value: number }[];
      const counts = {
        derivedUnknown: q.derivedUnknown.map(n),
        verificationThisYear: n(q.verificationThisYear),
        verificationDerived: n(q.verificationDerived),
        resultsThisYear: n(q.resultsThisYear),
        resultsSubmittedLater: n(q.resultsSubmittedLater),
        futureErrors: n(q.futureErrors),
      };
      const ahead = this.prepared(q.openAhead.sql).all(...q.openAhead.params) as { status: TrialStatus; n: number; days: number }[];
      return totalsOf(today, policy, new Map(running.map((r) => [r.key, r.value])), counts, ahead);
    })();
  }

  async reportedAfter(today: string): Promise<number> {
    const q = reportedAfterQuery(today);
    return (this.prepared(q.sql).get(...q.params) as { n: number }).n;
  }

  private prepared(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
