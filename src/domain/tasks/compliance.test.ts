import { describe, expect, it } from 'vitest';
import {
  addCounts,
  classifyTask,
  complianceRate,
  computeCompliance,
  countsOf,
  isTaskOverdue,
  type TaskState,
} from './compliance.ts';

const task = (
  owner: string,
  dueDate: string,
  status: TaskState['status'],
  completedDate: string | null = null,
) => ({ owner, dueDate, status, completedDate });

// A small known set, judged on 2026-03-25 (Shanghai).
const TODAY = '2026-03-25';
const TASKS = [
  task('am1', '2026-03-06', 'done', '2026-03-05'), // on time, D1
  task('am1', '2026-03-06', 'done', '2026-03-09'), // late, D1
  task('am1', '2026-03-10', 'open'), // overdue, D1
  task('am1', '2026-03-20', 'done', '2026-03-20'), // on time (on the day), D2
  task('am1', '2026-03-31', 'open'), // pending, D3
  task('am1', '2026-03-31', 'done', '2026-03-24'), // on time early, D3
  task('am1', '2026-03-13', 'cancelled'), // not counted
  task('am2', '2026-03-19', 'open'), // overdue, D2
  task('am2', '2026-03-25', 'open'), // due today: pending
  task('am2', '2026-02-27', 'done', '2026-02-26'), // February
];

describe('overdue and outcome', () => {
  it('a task is overdue when open and due before today', () => {
    expect(isTaskOverdue(task('x', '2026-03-24', 'open'), TODAY)).toBe(true);
    expect(isTaskOverdue(task('x', '2026-03-25', 'open'), TODAY)).toBe(false);
    expect(isTaskOverdue(task('x', '2026-03-01', 'done', '2026-03-10'), TODAY)).toBe(false);
    expect(isTaskOverdue(task('x', '2026-03-01', 'cancelled'), TODAY)).toBe(false);
  });
  it('classifies each task', () => {
    expect(TASKS.map((t) => classifyTask(t, TODAY))).toEqual([
      'on_time',
      'late',
      'overdue',
      'on_time',
      'pending',
      'on_time',
      'cancelled',
      'overdue',
      'pending',
      'on_time',
    ]);
  });
});

describe('compliance math', () => {
  it('rate is done on time over due, never an average of rates', () => {
    expect(complianceRate(2, 3)).toBe(0.6667);
    expect(complianceRate(0, 0)).toBeNull();
    expect(countsOf({ doneOnTime: 2, doneLate: 1, openOverdue: 1, pending: 3 })).toEqual({
      total: 7,
      pending: 3,
      due: 4,
      done: 3,
      doneOnTime: 2,
      doneLate: 1,
      openOverdue: 1,
      rate: 0.5,
    });
    const a = countsOf({ doneOnTime: 1, doneLate: 0, openOverdue: 1, pending: 0 }); // 50 %
    const b = countsOf({ doneOnTime: 3, doneLate: 0, openOverdue: 0, pending: 0 }); // 100 %
    expect(addCounts([a, b]).rate).toBe(0.8); // not 75 %
  });

  it('per account manager by month', () => {
    const rows = computeCompliance(TASKS, (t) => t.owner, 'month', TODAY);
    expect(rows.get('am1')?.get('2026-03')).toEqual({
      total: 6,
      pending: 1,
      due: 5,
      done: 4,
      doneOnTime: 3,
      doneLate: 1,
      openOverdue: 1,
      rate: 0.6,
    });
    expect(rows.get('am2')?.get('2026-03')).toMatchObject({ total: 2, due: 1, openOverdue: 1, rate: 0 });
    expect(rows.get('am2')?.get('2026-02')).toMatchObject({ due: 1, doneOnTime: 1, rate: 1 });
  });

  it('per account manager by dekad (旬)', () => {
    const rows = computeCompliance(TASKS, (t) => t.owner, 'dekad', TODAY);
    const am1 = rows.get('am1')!;
    expect([...am1.keys()].sort()).toEqual(['2026-03-D1', '2026-03-D2', '2026-03-D3']);
    expect(am1.get('2026-03-D1')).toMatchObject({
      due: 3,
      doneOnTime: 1,
      doneLate: 1,
      openOverdue: 1,
      rate: 0.3333,
    });
    expect(am1.get('2026-03-D2')).toMatchObject({ due: 1, rate: 1 });
    expect(am1.get('2026-03-D3')).toMatchObject({ total: 2, pending: 1, due: 1, rate: 1 });
    expect(rows.get('am2')?.get('2026-03-D2')).toMatchObject({ total: 1, openOverdue: 1, rate: 0 });
    expect(rows.get('am2')?.get('2026-03-D3')).toMatchObject({ total: 1, pending: 1, due: 0, rate: null });
  });

  it('per region (any grouping)', () => {
    const rows = computeCompliance(TASKS, () => 'GD', 'month', TODAY);
    expect(rows.get('GD')?.get('2026-03')).toMatchObject({ total: 8, due: 6, doneOnTime: 3, rate: 0.5 });
  });
});
