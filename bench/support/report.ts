import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Figure, ratioOf, verdictOf } from './figures';

const formatNumber = (value: number): string => (Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(3));

const row = (figure: Figure): string[] => {
  const ratio = ratioOf(figure);
  const target = figure.target;
  const targetText = target
    ? [
        target.minRatio !== undefined ? `≥ ${Math.round(target.minRatio * 100)}%` : '',
        target.minValue !== undefined ? `≥ ${formatNumber(target.minValue)} ${figure.unit}` : '',
        target.maxValue !== undefined ? `≤ ${formatNumber(target.maxValue)} ${figure.unit}` : '',
      ]
        .filter(Boolean)
        .join(', ')
    : '';
  return [
    figure.suite,
    figure.name,
    `${formatNumber(figure.ours)} ${figure.unit}`,
    figure.baseline ? `${formatNumber(figure.baseline.value)} ${figure.unit} (${figure.baseline.label})` : '',
    ratio === null ? '' : `${Math.round(ratio * 100)}%`,
    targetText,
    verdictOf(figure),
    figure.notes ?? '',
  ];
};

export const HEADER = ['suite', 'figure', 'ours', 'baseline', 'ratio', 'target', 'verdict', 'notes'];

/** The results as a Markdown table, the form docs/benchmarks.md keeps. */
export const markdownTable = (figures: readonly Figure[]): string => {
  const lines = [HEADER, HEADER.map(() => '---'), ...figures.map(row)];
  return lines.map((cells) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`).join('\n');
};

export const machineLine = (): string =>
  `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ` +
  `Node ${process.version}, ${new Date().toISOString()}`;

/** Writes bench/results/<time>.{json,md} and returns the Markdown path. */
export const saveResults = (figures: readonly Figure[], resultsDir: string): string => {
  mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  writeFileSync(join(resultsDir, `${stamp}.json`), JSON.stringify({ machine: machineLine(), figures }, null, 2));
  const markdown = join(resultsDir, `${stamp}.md`);
  writeFileSync(markdown, `${machineLine()}\n\n${markdownTable(figures)}\n`);
  return markdown;
};
