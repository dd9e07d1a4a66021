/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters from a 31-character
 * alphabet (digits and capitals without I, O, Z, S, V); the 18th is a check character computed
 * from the first 17 with the weights 3^i mod 31.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters, or null if one is outside the alphabet. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i]!);
    if (value < 0) return null;
    sum += value * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

export type CreditCodeProblem = 'length' | 'alphabet' | 'checkDigit';

/**
 * Why a code is not a valid unified social credit code, or null when it is.
 *
 * @example
 * creditCodeProblem('91440300708461136T') // → null
 * creditCodeProblem('91440300708461136U') // → 'checkDigit'
 */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (code.length !== 18) return 'length';
  for (const ch of code) if (!ALPHABET.includes(ch)) return 'alphabet';
  return creditCodeCheckChar(code.slice(0, 17)) === code[17] ? null : 'checkDigit';
}

export const CREDIT_CODE_MESSAGES: Record<CreditCodeProblem, string> = {
  length: 'must be 18 characters',
  alphabet: 'may contain only digits and capital letters other than I, O, Z, S, V',
  checkDigit: 'the check character (18th) does not match GB 32100-2015',
};
