/**
 * Human document numbers for orders, agreements and slips: `<PREFIX><yyyymmdd>-<sequence>`, the
 * day in Asia/Shanghai and a database sequence zero-padded to six digits (never repeats, so
 * numbers are unique across days without a per-day counter that would serialise writers).
 */
import { fromDayNumber, shanghaiDayNumberOf } from './calendar/dates.ts';

/**
 * @example
 * formatDocumentNumber('PO', new Date('2026-12-07T02:00:00Z'), 12); // 'PO20261207-000012'
 */
export function formatDocumentNumber(prefix: string, at: Date, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`bad sequence ${sequence}`);
  const day = fromDayNumber(shanghaiDayNumberOf(at.getTime())).replaceAll('-', '');
  return `${prefix}${day}-${String(sequence).padStart(6, '0')}`;
}
