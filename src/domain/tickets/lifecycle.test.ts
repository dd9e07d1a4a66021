import { describe, expect, it } from 'vitest';
import { TICKET_STATUSES, type TicketStatus } from '../desk/config.ts';
import { DomainError } from '../errors.ts';
import { allowedTransitions, isOpenStatus, planStatusChange } from './lifecycle.ts';

const fault = (status: TicketStatus) => ({ status, ticketType: 'fault' as const });

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('did not throw');
}

describe('ticket lifecycle', () => {
  it.each([
    ['acknowledged', ['inProgress', 'pending', 'held', 'rejected', 'cancelled', 'resolved']],
    ['inProgress', ['pending', 'held', 'resolved', 'cancelled']],
    ['pending', ['inProgress', 'held', 'resolved', 'cancelled']],
    ['held', ['inProgress', 'pending', 'resolved', 'cancelled']],
    ['reopened', ['inProgress', 'pending', 'held', 'resolved', 'cancelled']],
    ['resolved', ['closed', 'reopened']],
    ['closed', ['reopened']],
    ['rejected', []],
    ['cancelled', []],
  ] as const)('%s → %j', (from, to) => {
    expect(allowedTransitions(from).sort()).toEqual([...to].sort());
  });

  it('covers every status', () => {
    for (const s of TICKET_STATUSES) expect(Array.isArray(allowedTransitions(s))).toBe(true);
  });

  it('refuses closed → inProgress with 409 naming status and the allowed list', () => {
    const err = errorOf(() => planStatusChange(fault('closed'), { status: 'inProgress' }));
    expect(err.code).toBe('ILLEGAL_TRANSITION');
    expect(err.errors[0]?.field).toBe('status');
    expect(err.details).toEqual({ from: 'closed', to: 'inProgress', allowed: ['reopened'] });
  });

  it.each(['rejected', 'cancelled', 'held', 'pending'] as const)('needs a reason for %s', (to) => {
    const err = errorOf(() => planStatusChange(fault('acknowledged'), { status: to, reason: '  ' }));
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.errors[0]?.field).toBe('reason');
    expect(planStatusChange(fault('acknowledged'), { status: to, reason: ' why ' })).toBe('why');
  });

  it('needs a reason to reopen', () => {
    expect(errorOf(() => planStatusChange(fault('closed'), { status: 'reopened' })).code).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('does not close a resolved fault while its return visit is open', () => {
    const err = errorOf(() =>
      planStatusChange(fault('resolved'), { status: 'closed' }, { openVisit: true, lastOutcome: null }),
    );
    expect(err.code).toBe('ILLEGAL_TRANSITION');
    expect(err.details?.waitingFor).toBe('returnVisit');
    // an inquiry has no visit
    expect(
      planStatusChange(
        { status: 'resolved', ticketType: 'inquiry' },
        { status: 'closed' },
        { openVisit: true, lastOutcome: null },
      ),
    ).toBeNull();
  });

  it('closes after an unreachable visit only with a reason', () => {
    const visits = { openVisit: false, lastOutcome: 'unreachable' as const };
    expect(errorOf(() => planStatusChange(fault('resolved'), { status: 'closed' }, visits)).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(planStatusChange(fault('resolved'), { status: 'closed', reason: '三次未接通' }, visits)).toBe(
      '三次未接通',
    );
  });

  it('knows open statuses', () => {
    expect(isOpenStatus('reopened')).toBe(true);
    expect(isOpenStatus('closed')).toBe(false);
  });
});
