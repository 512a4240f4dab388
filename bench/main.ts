import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchSuite, Figure } from './support/figures';
import { machineLine, markdownTable, saveResults } from './support/report';

/**
 * `npm run bench [-- --quick] [-- --only http,store]`. Every suite is a `bench/suites/*.bench.ts` module whose
 * default export is a BenchSuite; they run one after another, never in parallel, so they do not disturb each
 * other's figures.
 */
const loadSuites = (): BenchSuite[] => {
  const dir = join(__dirname, 'suites');
  return (
    readdirSync(dir)
      .filter((file) => file.endsWith('.bench.ts'))
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      .map((file) => (require(join(dir, file)) as { default: BenchSuite }).default)
      .sort((a, b) => a.order - b.order)
  );
};

const argValue = (name: string): string | undefined => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
};

const main = async (): Promise<void> => {
  const quick = process.argv.includes('--quick');
  const only = argValue('--only')?.split(',');
  const suites = loadSuites().filter((suite) => (only ? only.includes(suite.name) : !suite.onlyWhenNamed));
  console.log(`Trial Ledger benchmarks — ${machineLine()}${quick ? ' — QUICK (not for publication)' : ''}`);
  const figures: Figure[] = [];
  for (const suite of suites) {
    const workDir = mkdtempSync(join(tmpdir(), `trial-ledger-bench-${suite.name}-`));
    const log = (message: string) => console.log(`[${suite.name}] ${message}`);
    try {
      log('starting');
      const results = await suite.run({ quick, workDir, log });
      figures.push(...results);
      console.log(markdownTable(results));
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }
  console.log(`\n${markdownTable(figures)}`);
  console.log(`\nSaved to ${saveResults(figures, join(__dirname, 'results'))}`);
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
