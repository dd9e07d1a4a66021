/** The server's CATALOG_INVALID field issues (`document.standards[3].itemCode`) found by entry. */
import { ApiError, type FieldIssue } from '../../api/client';

export function issuesOf(error: unknown): FieldIssue[] {
  return error instanceof ApiError && error.code === 'CATALOG_INVALID' ? error.fieldIssues : [];
}

/** Issues of one entry, e.g. `standards[3]`, keyed by the field below it (`frequency.period`). */
export function issuesAt(issues: readonly FieldIssue[], entry: string): Map<string, string> {
  const prefix = `document.${entry}`;
  const found = new Map<string, string>();
  for (const issue of issues) {
    if (issue.field === prefix) found.set('', issue.message);
    else if (issue.field.startsWith(`${prefix}.`))
      found.set(issue.field.slice(prefix.length + 1), issue.message);
  }
  return found;
}

/** Whether any issue names entry `entry` (`standards[3]`) or a field below it. */
export function hasIssue(issues: readonly FieldIssue[], entry: string): boolean {
  const prefix = `document.${entry}`;
  return issues.some((i) => i.field === prefix || i.field.startsWith(`${prefix}.`));
}

/** The message of the first issue under `field` or below it (`responseTime` covers `responseTime.days`). */
export function messageFor(found: Map<string, string>, field: string): string | undefined {
  for (const [key, message] of found) {
    if (key === field || key.startsWith(`${field}.`) || key.startsWith(`${field}[`)) return message;
  }
  return undefined;
}
