import { INestApplicationContext } from '@nestjs/common';
import { AccessLog, ChainedAccessEntry, verifyAccessChain } from '@trial-ledger/trials';
import { CliOutput } from '../cli-io';

const PAGE = 5_000;

/** The access log's hash chain, one line; false when it is broken. It holds no trial's events: the trails are checked apart. */
export const checkAccessLogChain = async (app: INestApplicationContext, out: CliOutput): Promise<boolean> => {
  const log = app.get(AccessLog);
  const entries: ChainedAccessEntry[] = [];
  for (let page = await log.chained(0, PAGE); page.length > 0; page = await log.chained(page[page.length - 1].id, PAGE)) {
    entries.push(...page);
    if (page.length < PAGE) break;
  }
  const check = verifyAccessChain(entries);
  const before = check.unchained > 0 ? `, ${check.unchained} recorded before the chain and not covered` : '';
  out.write(
    check.ok ? `access log ok (${check.entries} entries${before})\n` : `access log BROKEN at entry ${check.brokenAtId}: ${check.problem}\n`,
  );
  return check.ok;
};
