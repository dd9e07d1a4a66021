import { describe, expect, it } from 'vitest';
import { type CoverageVisit, computeCoverage, monthOfInstant } from './coverage.ts';

const NOW = new Date('2026-03-20T00:00:00Z');
const v = (
  dueAt: string,
  status: string,
  outcome: string | null = null,
  doneAt: string | null = null,
  key = 'GD',
): CoverageVisit => ({
  dueAt: new Date(dueAt),
  status,
  outcome,
  doneAt: doneAt ? new Date(doneAt) : null,
  key,
});

describe('coverage', () => {
  it('counts due, done, in time and outcomes per month and key', () => {
    const rows = computeCoverage(
      [
        v('2026-03-05T00:00:00Z', 'done', 'satisfied', '2026-03-04T00:00:00Z'), // in time
        v('2026-03-06T00:00:00Z', 'done', 'dissatisfied', '2026-03-07T00:00:00Z'), // late
        v('2026-03-07T00:00:00Z', 'done', 'unreachable', '2026-03-07T00:00:00Z'), // in time (on the instant)
        v('2026-03-10T00:00:00Z', 'open'), // overdue: due, not done
        v('2026-03-25T00:00:00Z', 'open'), // not yet due: not counted
        v('2026-03-25T00:00:00Z', 'done', 'satisfied', '2026-03-19T00:00:00Z'), // done early: counted
        v('2026-03-08T00:00:00Z', 'cancelled'), // never counted
        v('2026-02-27T00:00:00Z', 'done', 'satisfied', '2026-02-26T00:00:00Z', 'GX'),
      ],
      NOW,
    );
    expect(rows).toEqual([
      {
        period: '2026-02',
        key: 'GX',
        due: 1,
        done: 1,
        doneInTime: 1,
        coverage: 1,
        satisfied: 1,
        dissatisfied: 0,
        unreachable: 0,
      },
      {
        period: '2026-03',
        key: 'GD',
        due: 5,
        done: 4,
        doneInTime: 3,
        coverage: 0.8,
        satisfied: 2,
        dissatisfied: 1,
        unreachable: 1,
      },
    ]);
  });

  it('the month is the Shanghai month of the due instant', () => {
    expect(monthOfInstant(new Date('2026-02-28T16:30:00Z'))).toBe('2026-03');
    expect(monthOfInstant(new Date('2026-02-28T15:59:00Z'))).toBe('2026-02');
  });

  it('nothing due gives no rows', () => {
    expect(computeCoverage([], NOW)).toEqual([]);
  });
});
