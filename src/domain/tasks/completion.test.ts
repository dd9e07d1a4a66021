import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { assertTaskOpen, planCompletion } from './completion.ts';

const task = { id: 7, ownerId: 'am1', status: 'open' as const, startDate: '2026-03-01' };
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof DomainError ? [e.code, e.errors[0]?.field] : ['other'];
  }
  return ['none'];
};

describe('completing a task', () => {
  it('the owner completes it today by default, or on an earlier day of the task', () => {
    expect(planCompletion(task, 'am1', undefined, '2026-03-10')).toBe('2026-03-10');
    expect(planCompletion(task, 'am1', '2026-03-01', '2026-03-10')).toBe('2026-03-01');
  });
  it('refuses another manager, a closed task, and days outside the task', () => {
    expect(codeOf(() => planCompletion(task, 'am2', undefined, '2026-03-10'))).toEqual([
      'FORBIDDEN',
      undefined,
    ]);
    expect(codeOf(() => planCompletion({ ...task, status: 'done' }, 'am1', undefined, '2026-03-10'))).toEqual(
      ['TASK_CLOSED', undefined],
    );
    expect(codeOf(() => planCompletion(task, 'am1', '2026-03-11', '2026-03-10'))).toEqual([
      'VALIDATION_FAILED',
      'completedDate',
    ]);
    expect(codeOf(() => planCompletion(task, 'am1', '2026-02-28', '2026-03-10'))).toEqual([
      'VALIDATION_FAILED',
      'completedDate',
    ]);
    expect(codeOf(() => assertTaskOpen({ ...task, status: 'cancelled' }))).toEqual([
      'TASK_CLOSED',
      undefined,
    ]);
  });
});
