/** The server's DESK_CONFIG_INVALID field issues (`document.definitions[2].ladder[1].atPercent`) by entry. */
import { ApiError, type FieldIssue } from '../../api/client';

export { hasIssue, issuesAt, messageFor } from '../catalog/draft-issues';

/** The issues of a refused save, with `body.` dropped (zod names the body, the domain rules the document). */
export function configIssuesOf(error: unknown): FieldIssue[] {
  if (!(error instanceof ApiError)) return [];
  if (error.code !== 'DESK_CONFIG_INVALID' && error.code !== 'VALIDATION_FAILED') return [];
  return error.fieldIssues
    .map((i) => ({ ...i, field: i.field.replace(/^body\./, '') }))
    .filter((i) => i.field.startsWith('document.'));
}

/** The message of an issue exactly at `document.<path>` or below it. */
export function issueAt(issues: readonly FieldIssue[], path: string): string | undefined {
  const full = `document.${path}`;
  return issues.find(
    (i) => i.field === full || i.field.startsWith(`${full}.`) || i.field.startsWith(`${full}[`),
  )?.message;
}
