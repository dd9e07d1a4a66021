/**
 * Cell parsers for import files (PRODUCT.md §1 "monthly billing facts per customer (imported)").
 * Every parser takes the cell text as read from CSV or XLSX and answers either a value or a
 * reason (English, shown in the bad-row report). Money is parsed from its decimal text into
 * integer fen without ever passing through a float.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

/** Largest amount accepted, in fen (10 billion yuan): far above any key account's month. */
export const MAX_FEN = 1_000_000_000_000;

/**
 * Yuan with up to two decimals (`12345.6`, `12,345.67`, `¥1 234.50`) → integer fen, exactly.
 * Negative amounts are refused. Thousands separators (`,` or spaces) and a leading `¥`/`￥` are allowed.
 *
 * @example
 * parseYuanToFen('1234.56') // { ok: true, value: 123456 }
 * parseYuanToFen('0.1')     // { ok: true, value: 10 }
 * parseYuanToFen('1.234')   // { ok: false, reason: 'at most 2 decimals (yuan.fen)' }
 */
export function parseYuanToFen(text: string): Parsed<number> {
  const cleaned = text
    .trim()
    .replace(/^[¥￥]/, '')
    .replace(/[,\s]/g, '');
  if (cleaned === '') return bad('empty');
  if (cleaned.startsWith('-')) return bad('must not be negative');
  const m = /^\+?(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!m) return bad(`not an amount in yuan: '${text.trim()}'`);
  const decimals = m[2] ?? '';
  if (decimals.length > 2 && !/^0+$/.test(decimals.slice(2))) return bad('at most 2 decimals (yuan.fen)');
  const whole = m[1]!.replace(/^0+(?=\d)/, '');
  if (whole.length > 11) return bad('amount too large');
  const fen = Number(whole) * 100 + Number(`${decimals}00`.slice(0, 2));
  if (fen > MAX_FEN) return bad('amount too large');
  return ok(fen);
}

/**
 * A month as `YYYY-MM`, `YYYY-MM-01`, `YYYYMM`, `YYYY/M` or `YYYY年M月` → the first day `YYYY-MM-01`.
 *
 * @example
 * parseMonth('2026-03') // { ok: true, value: '2026-03-01' }
 * parseMonth('2026年3月') // { ok: true, value: '2026-03-01' }
 * parseMonth('2026-13') // { ok: false, … }
 */
export function parseMonth(text: string): Parsed<string> {
  const t = text.trim();
  const m =
    /^(\d{4})-(\d{1,2})(?:-01)?$/.exec(t) ??
    /^(\d{4})(\d{2})$/.exec(t) ??
    /^(\d{4})\/(\d{1,2})(?:\/0?1)?$/.exec(t) ??
    /^(\d{4})年(\d{1,2})月$/.exec(t);
  if (!m) return bad(`not a month (YYYY-MM): '${t}'`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) return bad(`no month ${month}`);
  if (year < 1990 || year > 2100) return bad(`year ${year} out of range`);
  return ok(`${m[1]}-${String(month).padStart(2, '0')}-01`);
}

/**
 * A calendar day `YYYY-MM-DD` (also `YYYY/M/D`) that exists.
 *
 * @example parseDay('2024-02-30') // { ok: false, reason: 'no such day: 2024-02-30' }
 */
export function parseDay(text: string): Parsed<string> {
  const t = text.trim();
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(t);
  if (!m) return bad(`not a date (YYYY-MM-DD): '${t}'`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return bad(`no such day: ${day}`);
  }
  return ok(day);
}

const TRUE = new Set(['true', 'yes', 'y', '1', '是', '总部', 't']);
const FALSE = new Set(['false', 'no', 'n', '0', '否', '分支', 'f']);

/**
 * A yes/no cell: true/false, yes/no, 1/0, 是/否.
 *
 * @example parseBoolean('是') // { ok: true, value: true }
 */
export function parseBoolean(text: string): Parsed<boolean> {
  const t = text.trim().toLowerCase();
  if (TRUE.has(t)) return ok(true);
  if (FALSE.has(t)) return ok(false);
  return bad(`not yes/no: '${text.trim()}'`);
}

/**
 * A whole number within [min, max] (`1,200` allowed).
 *
 * @example parseInteger('3', 0, 120) // { ok: true, value: 3 }
 */
export function parseInteger(text: string, min: number, max: number): Parsed<number> {
  const t = text.trim().replace(/,/g, '');
  if (!/^[+-]?\d+$/.test(t)) return bad(`not a whole number: '${text.trim()}'`);
  const n = Number(t);
  if (n < min) return bad(min === 0 ? 'must not be negative' : `must be at least ${min}`);
  if (n > max) return bad(`must be at most ${max}`);
  return ok(n);
}

/**
 * A decimal number within [min, max]; a trailing `%` divides by 100 when `percentAllowed`.
 *
 * @example parseNumber('65%', 0, 1, true) // { ok: true, value: 0.65 }
 */
export function parseNumber(text: string, min: number, max: number, percentAllowed = false): Parsed<number> {
  let t = text.trim().replace(/,/g, '');
  let scale = 1;
  if (percentAllowed && t.endsWith('%')) {
    t = t.slice(0, -1).trim();
    scale = 100;
  }
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return bad(`not a number: '${text.trim()}'`);
  const n = Number(t) / scale;
  if (n < min) return bad(min === 0 ? 'must not be negative' : `must be at least ${min}`);
  if (n > max) return bad(`must be at most ${max}`);
  return ok(n);
}
