/**
 * Money is integer fen (分) end to end. The one rounding rule (PRODUCT.md §5–6, written down here
 * and tested): a percentage of an amount is computed exactly in integers and rounded **half up to
 * the whole fen** (an exact half goes to the customer); caps apply after rounding.
 */

/** Whether `value` is a whole, non-negative number of fen within the safe-integer range. */
export function isFen(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * `amountFen × numerator / denominator`, rounded half up to the fen (exact: BigInt arithmetic).
 *
 * @example
 * percentOfFen(10_001, 5, 100); // 500 (500.05 → 500)
 * percentOfFen(10_010, 5, 100); // 501 (500.5 → 501, half up)
 */
export function percentOfFen(amountFen: number, numerator: number, denominator: number): number {
  if (!isFen(amountFen)) throw new RangeError(`not a fen amount: ${amountFen}`);
  if (!Number.isSafeInteger(numerator) || numerator < 0) throw new RangeError(`bad numerator ${numerator}`);
  if (!Number.isSafeInteger(denominator) || denominator <= 0)
    throw new RangeError(`bad denominator ${denominator}`);
  const product = BigInt(amountFen) * BigInt(numerator);
  const d = BigInt(denominator);
  const rounded = (product * 2n + d) / (2n * d);
  return Number(rounded);
}

/**
 * Formats fen as yuan with two decimals and thousands separators, for documents.
 *
 * @example
 * formatYuan(123456789); // '1,234,567.89'
 */
export function formatYuan(amountFen: number): string {
  const sign = amountFen < 0 ? '-' : '';
  const abs = Math.abs(amountFen);
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}
