import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { monthBounds, monthlyAvailability, monthOf, outagesOverlap, shiftMonth } from './availability.ts';

const H = 3_600_000;
const M = 60_000;
/** Shanghai wall time → epoch ms. */
const sh = (wall: string) => Date.parse(`${wall.replace(' ', 'T')}:00+08:00`);
const AAA = { availabilityPpm: 999_900, restoreMinutes: 120 };
const LATER = sh('2027-01-05 00:00');

describe('monthBounds / monthOf / shiftMonth (Asia/Shanghai)', () => {
  it('bounds a month at Shanghai midnight', () => {
    const b = monthBounds('2026-02');
    expect(new Date(b.start).toISOString()).toBe('2026-01-31T16:00:00.000Z');
    expect(new Date(b.end).toISOString()).toBe('2026-02-28T16:00:00.000Z');
  });
  it('refuses a malformed month', () => {
    expect(() => monthBounds('2026-13')).toThrow(DomainError);
    expect(() => monthBounds('2026-1')).toThrow(/YYYY-MM/);
  });
  it('reads the month of an instant in Shanghai', () => {
    expect(monthOf(Date.parse('2026-01-31T16:00:00Z'))).toBe('2026-02');
    expect(monthOf(Date.parse('2026-01-31T15:59:59Z'))).toBe('2026-01');
  });
  it.each([
    ['2026-01', -1, '2025-12'],
    ['2026-12', 1, '2027-01'],
    ['2026-06', -12, '2025-06'],
  ] as const)('%s %+d → %s', (m, by, out) => expect(shiftMonth(m, by)).toBe(out));
});

describe('monthlyAvailability', () => {
  it('is 100 % without outages', () => {
    const r = monthlyAvailability({ month: '2026-11', outages: [], targets: AAA, now: LATER });
    expect(r).toMatchObject({
      minutesInMonth: 43_200,
      outageMinutes: 0,
      availabilityPpm: 1_000_000,
      complete: true,
      availabilityBreached: false,
      restoreBreaches: 0,
      maxRestoreMinutes: null,
    });
  });

  it('floors ppm: one 60-minute outage in a 30-day month → 998,611 ppm', () => {
    const t0 = sh('2026-11-10 09:00');
    const r = monthlyAvailability({
      month: '2026-11',
      outages: [{ id: 'o1', startedAt: t0, restoredAt: t0 + H, excluded: false }],
      targets: AAA,
      now: LATER,
    });
    // 43,140 / 43,200 = 0.998611111… → 998,611
    expect(r.availabilityPpm).toBe(998_611);
    expect(r.outageMinutes).toBe(60);
    expect(r.availabilityBreached).toBe(true);
    expect(r.restoreBreaches).toBe(0);
    expect(r.maxRestoreMinutes).toBe(60);
  });

  it('4 minutes 19 s in a 30-day month stays at 99.99 % (floored 999,900); 4 min 20 s breaks it', () => {
    const t0 = sh('2026-11-10 09:00');
    const ok = monthlyAvailability({
      month: '2026-11',
      outages: [{ id: 'o1', startedAt: t0, restoredAt: t0 + 259_000, excluded: false }],
      targets: AAA,
      now: LATER,
    });
    // (2,592,000 − 259) s / 2,592,000 s = 0.99990007… → 999,900
    expect(ok.availabilityPpm).toBe(999_900);
    expect(ok.availabilityBreached).toBe(false);
    const bad = monthlyAvailability({
      month: '2026-11',
      outages: [{ id: 'o1', startedAt: t0, restoredAt: t0 + 260_000, excluded: false }],
      targets: AAA,
      now: LATER,
    });
    expect(bad.availabilityPpm).toBe(999_899);
    expect(bad.availabilityBreached).toBe(true);
  });

  it('clips outages to the month and attributes the restore time to the month it started in', () => {
    const start = sh('2026-10-31 23:00');
    const outages = [{ id: 'x', startedAt: start, restoredAt: start + 3 * H, excluded: false }];
    const oct = monthlyAvailability({ month: '2026-10', outages, targets: AAA, now: LATER });
    const nov = monthlyAvailability({ month: '2026-11', outages, targets: AAA, now: LATER });
    expect(oct.outageMinutes).toBe(60);
    expect(nov.outageMinutes).toBe(120);
    expect(oct.restoreBreaches).toBe(1); // 180 min > 120
    expect(oct.detail[0]).toMatchObject({ restoreMinutes: 180, restoreBreached: true, minutesInMonth: 60 });
    expect(nov.restoreBreaches).toBe(0);
    expect(nov.detail[0]).toMatchObject({ restoreMinutes: null, minutesInMonth: 120 });
  });

  it('counts an open outage until the month end, or until now while the month runs', () => {
    const start = sh('2026-11-30 22:00');
    const outages = [{ id: 'open', startedAt: start, restoredAt: null, excluded: false }];
    const closed = monthlyAvailability({ month: '2026-11', outages, targets: AAA, now: LATER });
    expect(closed.outageMinutes).toBe(120);
    expect(closed.detail[0]?.open).toBe(true);
    const running = monthlyAvailability({ month: '2026-11', outages, targets: AAA, now: start + 30 * M });
    expect(running.complete).toBe(false);
    expect(running.outageMinutes).toBe(30);
    expect(running.detail[0]?.restoreMinutes).toBe(30);
    expect(running.restoreBreaches).toBe(0);
  });

  it('leaves excluded outages out of availability and restore breaches but lists them', () => {
    const t0 = sh('2026-11-10 09:00');
    const r = monthlyAvailability({
      month: '2026-11',
      outages: [{ id: 'maint', startedAt: t0, restoredAt: t0 + 5 * H, excluded: true }],
      targets: AAA,
      now: LATER,
    });
    expect(r.availabilityPpm).toBe(1_000_000);
    expect(r.restoreBreaches).toBe(0);
    expect(r.detail).toHaveLength(1);
    expect(r.detail[0]?.excluded).toBe(true);
  });

  it('counts overlapping intervals once', () => {
    const t0 = sh('2026-11-10 09:00');
    const r = monthlyAvailability({
      month: '2026-11',
      outages: [
        { id: 'a', startedAt: t0, restoredAt: t0 + H, excluded: false },
        { id: 'b', startedAt: t0 + 30 * M, restoredAt: t0 + 90 * M, excluded: false },
      ],
      targets: AAA,
      now: LATER,
    });
    expect(r.outageMinutes).toBe(90);
    expect(r.outageCount).toBe(2);
  });

  it('rounds restore minutes up: 120 min 30 s against 120 is a breach shown as 121', () => {
    const t0 = sh('2026-11-10 09:00');
    const r = monthlyAvailability({
      month: '2026-11',
      outages: [{ id: 'a', startedAt: t0, restoredAt: t0 + 120 * M + 30_000, excluded: false }],
      targets: AAA,
      now: LATER,
    });
    expect(r.maxRestoreMinutes).toBe(121);
    expect(r.restoreBreaches).toBe(1);
  });

  it('refuses a month that has not started', () => {
    expect(() => monthlyAvailability({ month: '2027-02', outages: [], targets: AAA, now: LATER })).toThrow(
      /not started/,
    );
  });

  it('has no breach without targets', () => {
    const t0 = sh('2026-11-10 09:00');
    const r = monthlyAvailability({
      month: '2026-11',
      outages: [{ id: 'a', startedAt: t0, restoredAt: t0 + 10 * H, excluded: false }],
      targets: null,
      now: LATER,
    });
    expect(r.availabilityBreached).toBe(false);
    expect(r.restoreBreaches).toBe(0);
  });
});

describe('outagesOverlap', () => {
  it.each([
    [0, 10, 10, 20, false],
    [0, 10, 9, 20, true],
    [0, null, 50, 60, true],
    [50, 60, 0, null, true],
    [70, 80, 0, 60, false],
  ] as const)('[%i, %s) vs [%i, %s) → %s', (a0, a1, b0, b1, out) => {
    expect(outagesOverlap({ startedAt: a0, restoredAt: a1 }, { startedAt: b0, restoredAt: b1 })).toBe(out);
  });
});
