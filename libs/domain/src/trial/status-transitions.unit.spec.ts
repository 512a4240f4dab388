import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FINAL_STATUSES, STATUS_TRANSITIONS, allowedTargets, correctionTargets, isFinalStatus } from './status-transitions';
import { RECRUITMENT_STATUSES, TRIAL_STATUSES } from './trial.values';
import { EXPECTED_TRANSITIONS } from './decide/update-status.fixtures';

const DOC = join(__dirname, '../../../../docs/status-lifecycle.md');

/** Rows of the doc's "Transition table" section whose first cell is a status with a fixed list of targets. */
const documentedTable = (): Record<string, string[]> => {
  const section = readFileSync(DOC, 'utf8').split('## Transition table')[1].split('\n## ')[0];
  const rows = section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| from'));
  const table: Record<string, string[]> = {};
  for (const row of rows) {
    const [from, targets] = row
      .split('|')
      .slice(1, 3)
      .map((cell) => cell.trim());
    if (from in STATUS_TRANSITIONS) table[from] = targets.startsWith('none') ? [] : targets.split(', ');
  }
  return table;
};

describe('the transition table', () => {
  it('is the one the specs walk through', () => {
    expect(STATUS_TRANSITIONS).toEqual(EXPECTED_TRANSITIONS);
  });

  it('is the one docs/status-lifecycle.md documents', () => {
    expect(documentedTable()).toEqual(STATUS_TRANSITIONS);
  });

  it('never lists a status as its own target', () => {
    for (const [from, targets] of Object.entries(STATUS_TRANSITIONS)) expect(targets).not.toContain(from);
  });

  it('treats exactly COMPLETED, TERMINATED, WITHDRAWN and the two closing expanded-access statuses as final', () => {
    const closed = ['APPROVED_FOR_MARKETING', 'COMPLETED', 'NO_LONGER_AVAILABLE', 'TERMINATED', 'WITHDRAWN'];
    expect([...FINAL_STATUSES].sort()).toEqual(closed);
    expect(TRIAL_STATUSES.filter(isFinalStatus).sort()).toEqual(closed);
  });

  it('offers UNKNOWN and WITHHELD to no operator', () => {
    for (const targets of Object.values(STATUS_TRANSITIONS)) expect(targets).not.toEqual(expect.arrayContaining(['UNKNOWN']));
    for (const targets of Object.values(STATUS_TRANSITIONS)) expect(targets).not.toEqual(expect.arrayContaining(['WITHHELD']));
  });
});

describe('allowedTargets', () => {
  it('reads the table for every status but UNKNOWN', () => {
    expect(allowedTargets('RECRUITING', null)).toEqual(STATUS_TRANSITIONS.RECRUITING);
  });

  it('from UNKNOWN offers the last known status first, then its targets other than UNKNOWN', () => {
    expect(allowedTargets('UNKNOWN', 'ACTIVE_NOT_RECRUITING')).toEqual([
      'ACTIVE_NOT_RECRUITING',
      'RECRUITING',
      'ENROLLING_BY_INVITATION',
      'SUSPENDED',
      'TERMINATED',
      'COMPLETED',
    ]);
  });

  it('from UNKNOWN without a last known status offers every recruitment status', () => {
    expect([...allowedTargets('UNKNOWN', null)].sort()).toEqual([...RECRUITMENT_STATUSES].sort());
  });

  it('offers as corrections the other statuses of the same family, never the ordinary ones', () => {
    expect(correctionTargets('COMPLETED', null)).toEqual([
      'NOT_YET_RECRUITING',
      'RECRUITING',
      'ENROLLING_BY_INVITATION',
      'ACTIVE_NOT_RECRUITING',
      'SUSPENDED',
      'TERMINATED',
      'WITHDRAWN',
    ]);
    expect(correctionTargets('RECRUITING', null)).toEqual(['NOT_YET_RECRUITING']);
    expect(correctionTargets('NO_LONGER_AVAILABLE', null)).toEqual(['AVAILABLE', 'TEMPORARILY_NOT_AVAILABLE', 'APPROVED_FOR_MARKETING']);
  });

  it('returns a copy, so a caller cannot edit the table', () => {
    allowedTargets('RECRUITING', null).push('NOT_YET_RECRUITING');
    expect(STATUS_TRANSITIONS.RECRUITING).not.toContain('NOT_YET_RECRUITING');
  });
});
