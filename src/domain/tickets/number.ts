/**
 * Ticket numbers (PRODUCT.md §7): `TT<yyyymmdd>-<sequence>`, the day of creation in Asia/Shanghai
 * and a database sequence (the identity of the ticket's creation event), zero-padded to six
 * digits. The sequence never repeats, so numbers are unique across days; it does not restart
 * daily (a shared counter per day would serialise ticket creation).
 */
import { fromDayNumber, shanghaiDayNumberOf } from '../calendar/dates.ts';

/**
 * @example
 * formatTicketNumber(new Date('2026-11-23T17:00:00Z'), 42); // 'TT20261124-000042' (01:00 in Shanghai)
 */
export function formatTicketNumber(at: Date, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`bad ticket sequence ${sequence}`);
  const day = fromDayNumber(shanghaiDayNumberOf(at.getTime())).replaceAll('-', '');
  return `TT${day}-${String(sequence).padStart(6, '0')}`;
}

/** Whether `value` looks like a ticket number (for search: number or customer name). */
export function isTicketNumberLike(value: string): boolean {
  return /^TT\d{0,8}(-\d*)?$/i.test(value.trim());
}
