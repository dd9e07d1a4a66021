import { describe, expect, it } from 'vitest';
import { CREDIT_CODE_MESSAGES, creditCodeCheckChar, creditCodeProblem } from './credit-code.ts';

describe('unified social credit code (GB 32100-2015)', () => {
  it.each(['91440300708461136T', '91110000600037341L', '91350100M000100Y43'])('accepts %s', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
    expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it.each([
    ['91440300708461136U', 'checkDigit'],
    ['91110000600037341M', 'checkDigit'],
    ['913501004M00100Y43', 'checkDigit'], // two characters swapped
    ['91350100M000100Y44', 'checkDigit'],
    ['9144030070846113', 'length'],
    ['91440300708461136TX', 'length'],
    ['91440300708461136I', 'alphabet'], // I is not in the alphabet
    ['91440300708461136t', 'alphabet'], // lower case
    ['9144030070846113OT', 'alphabet'], // O is not in the alphabet
  ] as const)('refuses %s (%s)', (code, problem) => {
    expect(creditCodeProblem(code)).toBe(problem);
    expect(CREDIT_CODE_MESSAGES[problem]).toBeTruthy();
  });

  it('has no check character for a bad prefix', () => {
    expect(creditCodeCheckChar('9144030070846113')).toBeNull();
    expect(creditCodeCheckChar('9144030070846113I')).toBeNull();
  });
});
