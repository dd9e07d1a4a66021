import { describe, expect, it } from 'vitest';
import { CREDIT_CODE_MESSAGES } from './credit-code.ts';
import { customerFieldIssues, normaliseCreditCode } from './customer.ts';

describe('customerFieldIssues', () => {
  it.each([
    [{ creditCode: '91440300708461136T', industry: 'I' }, []],
    [{ creditCode: null, industry: 'C' }, []],
    [{}, []],
    [
      { creditCode: '91440300708461136U' },
      [{ field: 'creditCode', message: CREDIT_CODE_MESSAGES.checkDigit }],
    ],
    [{ creditCode: '123' }, [{ field: 'creditCode', message: CREDIT_CODE_MESSAGES.length }]],
    [{ industry: 'Z' }, [{ field: 'industry', message: 'unknown industry code Z (GB/T 4754 sections A–T)' }]],
    [{ industry: 'c' }, [{ field: 'industry', message: 'unknown industry code c (GB/T 4754 sections A–T)' }]],
  ])('%j → %j', (fields, issues) => {
    expect(customerFieldIssues(fields)).toEqual(issues);
  });

  it('names both fields when both are wrong', () => {
    expect(
      customerFieldIssues({ creditCode: '91110000600037341M', industry: 'X' }).map((i) => i.field),
    ).toEqual(['creditCode', 'industry']);
  });

  it('normalises spaces and case of a credit code', () => {
    expect(normaliseCreditCode(' 9144 0300 7084 6113 6t ')).toBe('91440300708461136T');
  });
});
