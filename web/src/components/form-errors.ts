import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';

/**
 * Puts the server's field errors (`body.password`, `regionCode`, …) under the matching form
 * fields; returns true when at least one was placed.
 */
export function applyFieldIssues(form: FormInstance, error: unknown, fieldNames: readonly string[]): boolean {
  if (!(error instanceof ApiError)) return false;
  const byField = new Map<string, string[]>();
  for (const issue of error.fieldIssues) {
    const name = issue.field.replace(/^body\./, '');
    if (!fieldNames.includes(name)) continue;
    byField.set(name, [...(byField.get(name) ?? []), issue.message]);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return byField.size > 0;
}
