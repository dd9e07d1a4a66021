/**
 * Money in the UI: amounts travel as integer fen (分) and are shown as yuan with two decimals;
 * typed yuan become fen without floating point. One place for every page.
 */

/**
 * `1,234.56` (元) from integer fen, without floating-point drift on large amounts.
 *
 * @example
 * formatYuan(123456); // '1,234.56'
 */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * `¥1,234.56` from integer fen.
 *
 * @example
 * formatFen(-5); // '-¥0.05'
 */
export function formatFen(fen: number): string {
  return `${fen < 0 ? '-' : ''}¥${formatYuan(Math.abs(fen))}`;
}

/**
 * Yuan typed in a form (`450`, `450.5`, `1,450.05`, `¥12`) as whole fen, or null when it is not
 * money (negative, more than two decimals, not a number, beyond the safe-integer range).
 *
 * @example
 * parseYuan('1,450.05'); // 145005
 * parseYuan('1.234'); // null
 */
export function parseYuan(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const clean = String(value).replace(/[,\s¥]/g, '');
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(clean);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}
