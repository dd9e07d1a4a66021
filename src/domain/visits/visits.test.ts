import { describe, expect, it } from 'vitest';
import { buildCalendar } from '../calendar/calendar.ts';
import { DomainError } from '../errors.ts';
import {
  computeVisitDueAt,
  DEFAULT_VISIT_LIMITS,
  isVisitOverdue,
  planVisitOutcome,
  visitKindForTicket,
} from './visits.ts';

const cal = buildCalendar({ years: [2026], entries: [] });
const open = { id: 'v1', status: 'open' };
// Friday 2026-03-06 10:00 in Shanghai.
const FRIDAY = new Date('2026-03-06T02:00:00Z');

describe('due instant', () => {
  it.each([
    ['fault_repair', '2026-03-09T02:00:00.000Z'],
    ['complaint', '2026-03-09T02:00:00.000Z'],
    ['activation', '2026-03-13T02:00:00.000Z'],
  ] as const)('%s is due the limit in calendar days after the resolution', (kind, due) => {
    expect(computeVisitDueAt(kind, FRIDAY, DEFAULT_VISIT_LIMITS).toISOString()).toBe(due);
  });

  it('follows the desk config limits', () => {
    const limits = { faultRepairDays: 1, activationDays: 14, complaintDays: 2 };
    expect(computeVisitDueAt('fault_repair', FRIDAY, limits).toISOString()).toBe('2026-03-07T02:00:00.000Z');
    expect(computeVisitDueAt('activation', FRIDAY, limits).toISOString()).toBe('2026-03-20T02:00:00.000Z');
  });

  it('maps ticket types to visit kinds', () => {
    expect(visitKindForTicket('fault')).toBe('fault_repair');
    expect(visitKindForTicket('complaint')).toBe('complaint');
    expect(visitKindForTicket('inquiry')).toBeNull();
    expect(visitKindForTicket('request')).toBeNull();
  });

  it('an open visit past its due instant is overdue', () => {
    const dueAt = new Date('2026-03-09T02:00:00Z');
    expect(isVisitOverdue({ status: 'open', dueAt }, new Date('2026-03-09T02:00:01Z'))).toBe(true);
    expect(isVisitOverdue({ status: 'open', dueAt }, dueAt)).toBe(false);
    expect(isVisitOverdue({ status: 'done', dueAt }, new Date('2026-04-01T00:00:00Z'))).toBe(false);
  });
});

describe('outcome', () => {
  it('satisfied closes a resolved ticket and opens no task', () => {
    expect(planVisitOutcome(open, 'resolved', 'satisfied', cal, FRIDAY)).toEqual({
      outcome: 'satisfied',
      ticketChange: { status: 'closed', reason: expect.any(String) },
      followUp: null,
    });
    // a ticket already closed (or reopened meanwhile) is left as it is
    expect(planVisitOutcome(open, 'closed', 'satisfied', cal, FRIDAY).ticketChange).toBeNull();
    expect(planVisitOutcome(open, 'inProgress', 'satisfied', cal, FRIDAY).ticketChange).toBeNull();
  });

  it('dissatisfied reopens and opens a follow-up due the next working day', () => {
    const plan = planVisitOutcome(open, 'resolved', 'dissatisfied', cal, FRIDAY);
    expect(plan.ticketChange?.status).toBe('reopened');
    expect(plan.followUp).toEqual({
      startDate: '2026-03-06',
      dueDate: '2026-03-09',
      month: '2026-03',
      provisional: false,
    });
    expect(planVisitOutcome(open, 'closed', 'dissatisfied', cal, FRIDAY).ticketChange?.status).toBe(
      'reopened',
    );
    // no ticket (an activation visit): the task all the same
    const noTicket = planVisitOutcome(open, null, 'dissatisfied', cal, FRIDAY);
    expect(noTicket.ticketChange).toBeNull();
    expect(noTicket.followUp?.dueDate).toBe('2026-03-09');
  });

  it('the next working day follows holidays and make-up days', () => {
    const holidays = buildCalendar({
      years: [2026],
      entries: [
        { date: '2026-03-07', kind: 'makeupWorkday', name: '调休' },
        { date: '2026-03-09', kind: 'holiday', name: '假日' },
      ],
    });
    expect(planVisitOutcome(open, 'resolved', 'dissatisfied', holidays, FRIDAY).followUp?.dueDate).toBe(
      '2026-03-07',
    );
    // Saturday 2026-03-07 23:30 Shanghai (a make-up day): next working day is 03-10 (03-08 Sunday, 03-09 holiday)
    const late = new Date('2026-03-07T15:30:00Z');
    expect(planVisitOutcome(open, 'resolved', 'dissatisfied', holidays, late).followUp).toMatchObject({
      startDate: '2026-03-07',
      dueDate: '2026-03-10',
    });
  });

  it('unreachable leaves the ticket resolved', () => {
    expect(planVisitOutcome(open, 'resolved', 'unreachable', cal, FRIDAY)).toEqual({
      outcome: 'unreachable',
      ticketChange: null,
      followUp: null,
    });
  });

  it('a second outcome is refused with VISIT_CLOSED', () => {
    for (const status of ['done', 'cancelled']) {
      try {
        planVisitOutcome({ id: 'v1', status }, 'resolved', 'satisfied', cal, FRIDAY);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        expect((e as DomainError).code).toBe('VISIT_CLOSED');
      }
    }
  });
});
