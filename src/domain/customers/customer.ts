/**
 * Customer profile rules (PRODUCT.md §1): which fields of a customer are acceptable. Pure; the
 * service checks what needs the database (region, account manager, duplicates) itself.
 */
import type { FieldIssue } from '../errors.ts';
import { CREDIT_CODE_MESSAGES, creditCodeProblem } from './credit-code.ts';
import { isIndustryCode } from './industry.ts';

/** Credit codes are written in capitals; people paste them with spaces and lower case. */
export function normaliseCreditCode(code: string): string {
  return code.replace(/\s+/g, '').toUpperCase();
}

export type CustomerFields = {
  creditCode?: string | null | undefined;
  industry?: string | undefined;
};

/**
 * The problems of the given profile fields, each naming its field; empty when all are fine.
 * Only the fields present are checked, so a partial update checks what it changes.
 *
 * @example
 * customerFieldIssues({ creditCode: '91440300708461136U', industry: 'Z' })
 * // → [{ field: 'creditCode', message: 'the check character (18th) does not match GB 32100-2015' },
 * //    { field: 'industry', message: 'unknown industry code Z (GB/T 4754 sections A–T)' }]
 */
export function customerFieldIssues(fields: CustomerFields): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (fields.creditCode !== undefined && fields.creditCode !== null) {
    const problem = creditCodeProblem(fields.creditCode);
    if (problem) issues.push({ field: 'creditCode', message: CREDIT_CODE_MESSAGES[problem] });
  }
  if (fields.industry !== undefined && !isIndustryCode(fields.industry)) {
    issues.push({
      field: 'industry',
      message: `unknown industry code ${fields.industry} (GB/T 4754 sections A–T)`,
    });
  }
  return issues;
}
