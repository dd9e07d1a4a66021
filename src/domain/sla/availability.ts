/**
 * Monthly availability and restore times of one circuit from its outage intervals (PRODUCT.md §6,
 * "Availability is measured from outage records"). Pure: the caller passes the outages and `now`.
 *
 * Rules (written down in docs/agreements.md):
 * - The month is the Asia/Shanghai calendar month: [1st 00:00 +08:00, next 1st 00:00 +08:00).
 * - Outages are clipped to the month; an outage still open counts until the month's end or `now`,
 *   whichever is earlier. Excluded outages (customer-caused, agreed maintenance) do not count.
 *   Overlapping intervals are counted once (union).
 * - For a month still running the window ends at `now` (the result says `complete: false`).
 * - Availability = (window − outage time) / window, in parts per million, **floored**.
 * - Restore time of an outage = restore instant (or `now` while open) − start, attributed to the
 *   month in which the outage **started**; shown in whole minutes rounded up, and a breach when it
 *   is longer than the target (so 120 min 30 s against a 120 min target is a breach, shown as 121).
 */
import { DomainError } from '../errors.ts';
import type { Targets } from './targets.ts';

const MINUTE_MS = 60_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export type OutageInterval = {
  id: string;
  /** Epoch milliseconds. */
  startedAt: number;
  /** Epoch milliseconds; null while the circuit is still down. */
  restoredAt: number | null;
  excluded: boolean;
};

export type OutageDetail = {
  id: string;
  startedAt: string;
  restoredAt: string | null;
  excluded: boolean;
  /** Minutes of this outage inside the measured window (rounded up). */
  minutesInMonth: number;
  /** Restore time in minutes (rounded up), for outages that started in the month; null otherwise. */
  restoreMinutes: number | null;
  open: boolean;
  restoreBreached: boolean;
};

export type MonthlyAvailability = {
  month: string;
  /** The window measured: the whole month, or up to `now` while it runs. */
  fromAt: string;
  toAt: string;
  complete: boolean;
  minutesInMonth: number;
  outageMinutes: number;
  outageCount: number;
  availabilityPpm: number;
  targetAvailabilityPpm: number | null;
  targetRestoreMinutes: number | null;
  maxRestoreMinutes: number | null;
  restoreBreaches: number;
  availabilityBreached: boolean;
  detail: OutageDetail[];
};

/**
 * The Asia/Shanghai month `YYYY-MM` as epoch milliseconds [start, end). Throws INVALID_DATE naming `field`.
 *
 * @example
 * monthBounds('2026-02'); // { start: Date.UTC(2026, 0, 31, 16), end: Date.UTC(2026, 1, 28, 16) }
 */
export function monthBounds(month: string, field = 'month'): { start: number; end: number } {
  const m = MONTH_PATTERN.exec(month);
  if (!m) {
    const message = `month must be YYYY-MM; got '${month}'`;
    throw new DomainError('INVALID_DATE', message, [{ field, message }]);
  }
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return {
    start: Date.UTC(y, mo - 1, 1) - SHANGHAI_OFFSET_MS,
    end: Date.UTC(y, mo, 1) - SHANGHAI_OFFSET_MS,
  };
}

/**
 * The Asia/Shanghai month containing an instant, and shifts of it.
 *
 * @example
 * monthOf(Date.UTC(2026, 0, 31, 16)); // '2026-02' (midnight of 1 Feb in Shanghai)
 * shiftMonth('2026-01', -1); // '2025-12'
 */
export function monthOf(epochMs: number): string {
  const d = new Date(epochMs + SHANGHAI_OFFSET_MS);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function shiftMonth(month: string, by: number): string {
  const { start } = monthBounds(month);
  const d = new Date(start + SHANGHAI_OFFSET_MS);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + by;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

const ceilMinutes = (ms: number) => Math.ceil(ms / MINUTE_MS);

/**
 * Availability of one circuit in one month and its restore times against `targets` (PRODUCT.md §6).
 * Throws INVALID_RANGE when the month has not started at `now`.
 *
 * @example
 * // A 30-day month with one 60-minute outage: 43,140 / 43,200 → 998,611 ppm (99.8611 %).
 * monthlyAvailability({ month: '2026-11', now, targets: { availabilityPpm: 999_900, restoreMinutes: 120 },
 *   outages: [{ id: 'o1', startedAt: t0, restoredAt: t0 + 3_600_000, excluded: false }] });
 */
export function monthlyAvailability(input: {
  month: string;
  outages: readonly OutageInterval[];
  targets: Targets | null;
  now: number;
}): MonthlyAvailability {
  const { start, end: monthEnd } = monthBounds(input.month);
  if (input.now <= start) {
    const message = `month ${input.month} has not started yet`;
    throw new DomainError('INVALID_RANGE', message, [{ field: 'month', message }]);
  }
  const end = Math.min(monthEnd, input.now);
  const windowMs = end - start;
  const detail: OutageDetail[] = [];
  const counted: [number, number][] = [];
  let restoreBreaches = 0;
  let maxRestore: number | null = null;
  const sorted = [...input.outages].sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id));
  for (const o of sorted) {
    const stop = o.restoredAt ?? Math.max(input.now, o.startedAt);
    const from = Math.max(o.startedAt, start);
    const to = Math.min(stop, end);
    const inWindow = to > from ? to - from : 0;
    const startedHere = o.startedAt >= start && o.startedAt < monthEnd;
    if (inWindow === 0 && !startedHere) continue;
    const restoreMs = startedHere ? Math.max(0, (o.restoredAt ?? input.now) - o.startedAt) : null;
    const breached =
      !o.excluded && restoreMs !== null && input.targets !== null
        ? restoreMs > input.targets.restoreMinutes * MINUTE_MS
        : false;
    if (!o.excluded) {
      if (inWindow > 0) counted.push([from, to]);
      if (breached) restoreBreaches += 1;
      if (restoreMs !== null) maxRestore = Math.max(maxRestore ?? 0, ceilMinutes(restoreMs));
    }
    detail.push({
      id: o.id,
      startedAt: new Date(o.startedAt).toISOString(),
      restoredAt: o.restoredAt === null ? null : new Date(o.restoredAt).toISOString(),
      excluded: o.excluded,
      minutesInMonth: ceilMinutes(inWindow),
      restoreMinutes: restoreMs === null ? null : ceilMinutes(restoreMs),
      open: o.restoredAt === null,
      restoreBreached: breached,
    });
  }
  // Union of the counted intervals (already sorted by start after clipping? re-sort to be sure).
  counted.sort((a, b) => a[0] - b[0]);
  let downMs = 0;
  let curFrom = -1;
  let curTo = -1;
  for (const [f, t] of counted) {
    if (f > curTo) {
      if (curTo > curFrom) downMs += curTo - curFrom;
      curFrom = f;
      curTo = t;
    } else if (t > curTo) curTo = t;
  }
  if (curTo > curFrom) downMs += curTo - curFrom;
  const availabilityPpm = Math.floor(((windowMs - downMs) * 1_000_000) / windowMs);
  return {
    month: input.month,
    fromAt: new Date(start).toISOString(),
    toAt: new Date(end).toISOString(),
    complete: end === monthEnd,
    minutesInMonth: Math.round(windowMs / MINUTE_MS),
    outageMinutes: ceilMinutes(downMs),
    outageCount: counted.length,
    availabilityPpm,
    targetAvailabilityPpm: input.targets?.availabilityPpm ?? null,
    targetRestoreMinutes: input.targets?.restoreMinutes ?? null,
    maxRestoreMinutes: maxRestore,
    restoreBreaches,
    availabilityBreached: input.targets !== null && availabilityPpm < input.targets.availabilityPpm,
    detail,
  };
}

/**
 * Whether two outage intervals overlap (an open one runs forever); touching ends do not overlap.
 *
 * @example
 * outagesOverlap({ startedAt: 0, restoredAt: 10 }, { startedAt: 10, restoredAt: 20 }); // false
 * outagesOverlap({ startedAt: 0, restoredAt: null }, { startedAt: 50, restoredAt: 60 }); // true
 */
export function outagesOverlap(
  a: { startedAt: number; restoredAt: number | null },
  b: { startedAt: number; restoredAt: number | null },
): boolean {
  const aEnd = a.restoredAt ?? Number.POSITIVE_INFINITY;
  const bEnd = b.restoredAt ?? Number.POSITIVE_INFINITY;
  return a.startedAt < bEnd && b.startedAt < aEnd;
}
