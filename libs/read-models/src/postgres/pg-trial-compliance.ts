import { Pool, PoolClient } from 'pg';
import { TrialStatus, UnknownPolicy } from '@trial-ledger/domain';
import { ComplianceFindings, findingsOf, foldCompliance } from '../trial-compliance/trial-compliance.projection';
import { COMPLIANCE_COLUMNS, columnsOf, contributionDelta, contributionOf, rowOf } from '../trial-compliance/trial-compliance.columns';
import { ComplianceTotals, TodayQuery, reportedAfterQuery, todayQueries, totalsOf } from '../trial-compliance/trial-compliance.today';
import { TrialComplianceReadModel } from '../trial-compliance/trial-compliance.port';
import { PgModel } from './pg-model';
import { PgProjection } from './pg-projection';
import { reading } from './pg-read-errors';
import { ensureReadModelSchema, inTransaction } from './pg-read-model-schema';
import { insertValues } from './pg-values';

/** The findings as folded, and what the trial last added to the running totals (null before its first write). */
interface HeldFindings {
  findings: ComplianceFindings;
  written: Map<string, number> | null;
}

const sumOf = (deltas: Map<string, number>[]): Map<string, number> => {
  const sum = new Map<string, number>();
  for (const delta of deltas) for (const [key, d] of delta) sum.set(key, (sum.get(key) ?? 0) + d);
  return sum;
};

const complianceModel: PgModel<HeldFindings, never> = {
  load: async (client, nctIds) => {
    const { rows } = await client.query<{ nct_id: string; data: string }>(
      'SELECT nct_id, data FROM trial_compliance WHERE nct_id = ANY($1::text[])',
      [nctIds],
    );
    return new Map(
      rows.map((r) => {
        const findings = findingsOf(r.data);
        return [r.nct_id, { findings, written: contributionOf(findings) }];
      }),
    );
  },
  evolve: (_nctId, current, event) => ({ findings: foldCompliance(current?.findings ?? null, event), written: current?.written ?? null }),
  save: async (client, states) => {
    const held = [...states.values()];
    const columns = held.map((h) => columnsOf(h.findings));
    const now = held.map((h, i) => contributionOf(h.findings, columns[i]));
    const totals = sumOf(held.map((h, i) => contributionDelta(h.written, now[i])));
    await insertValues(
      client,
      `trial_compliance (${COMPLIANCE_COLUMNS.join(', ')})`,
      COMPLIANCE_COLUMNS.length,
      held.map((h, i) => rowOf(h.findings, columns[i])),
      `ON CONFLICT (nct_id) DO UPDATE SET ${COMPLIANCE_COLUMNS.slice(1)
        .map((c) => `${c} = excluded.${c}`)
        .join(', ')}`,
    );
    await insertValues(
      client,
      'trial_compliance_totals (key, value)',
      2,
      [...totals],
      'ON CONFLICT (key) DO UPDATE SET value = trial_compliance_totals.value + excluded.value',
    );
    // Held on across a write-behind window: the next write adds only what changed after this one.
    held.forEach((h, i) => (h.written = now[i]));
  },
  insertRows: async () => undefined,
  deleteRowsAfter: async () => undefined,
  clear: async (client) => {
    await client.query('DELETE FROM trial_compliance');
    await client.query('DELETE FROM trial_compliance_totals');
  },
};

export class PgTrialComplianceProjection extends PgProjection<HeldFindings, never> {
  readonly name = 'trial-compliance';
  protected readonly model = complianceModel;
}

/** `?` placeholders as PostgreSQL's numbered ones. */
const numbered = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

const countOf = async (client: PoolClient | Pool, query: TodayQuery): Promise<number> => {
  const { rows } = await client.query<{ n: string }>(numbered(query.sql), query.params);
  return Number(rows[0].n);
};

/** Reads the tables of PgTrialComplianceProjection; the pool belongs to the caller. */
export class PgTrialComplianceReadModel extends TrialComplianceReadModel {
  constructor(private readonly pool: Pool) {
    super();
  }

  async findings(nctId: string): Promise<ComplianceFindings | null> {
    return reading(async () => {
      await ensureReadModelSchema(this.pool);
      const { rows } = await this.pool.query<{ data: string }>('SELECT data FROM trial_compliance WHERE nct_id = $1', [nctId]);
      return rows.length ? findingsOf(rows[0].data) : null;
    });
  }

  async page(limit: number, offset: number): Promise<ComplianceFindings[]> {
    return reading(async () => {
      await ensureReadModelSchema(this.pool);
      // The page is chosen on the primary key's index alone: an offset deep in the list skips index entries, not rows.
      const { rows } = await this.pool.query<{ data: string }>(
        `SELECT data FROM trial_compliance WHERE nct_id IN (SELECT nct_id FROM trial_compliance ORDER BY nct_id LIMIT $1 OFFSET $2)
         ORDER BY nct_id`,
        [limit, offset],
      );
      return rows.map((r) => findingsOf(r.data));
    });
  }

  /** In one repeatable-read transaction, so that the running totals and the counts see the same projection state. */
  async totals(today: string, policy: UnknownPolicy): Promise<ComplianceTotals> {
    return reading(async () => {
      await ensureReadModelSchema(this.pool);
      const q = todayQueries(today, policy);
      return inTransaction(this.pool, async (client) => {
        await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        const running = await client.query<{ key: string; value: string }>('SELECT key, value FROM trial_compliance_totals');
        const counts = {
          derivedUnknown: [
            await countOf(client, q.derivedUnknown[0]),
            await countOf(client, q.derivedUnknown[1]),
            await countOf(client, q.derivedUnknown[2]),
          ],
          verificationThisYear: await countOf(client, q.verificationThisYear),
          verificationDerived: await countOf(client, q.verificationDerived),
          resultsThisYear: await countOf(client, q.resultsThisYear),
          resultsSubmittedLater: await countOf(client, q.resultsSubmittedLater),
          futureErrors: await countOf(client, q.futureErrors),
        };
        const ahead = await client.query<{ status: TrialStatus; n: string; days: string }>(numbered(q.openAhead.sql), q.openAhead.params);
        return totalsOf(
          today,
          policy,
          new Map(running.rows.map((r) => [r.key, Number(r.value)])),
          counts,
          ahead.rows.map((r) => ({ status: r.status, n: Number(r.n), days: Number(r.days) })),
        );
      });
    });
  }

  async reportedAfter(today: string): Promise<number> {
    return reading(async () => {
      await ensureReadModelSchema(this.pool);
      return countOf(this.pool, reportedAfterQuery(today));
    });
  }
}
