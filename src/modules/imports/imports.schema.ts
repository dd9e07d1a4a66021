/** zod shapes of the imports API. */
import { z } from 'zod';
import { IMPORT_KINDS } from '../../domain/imports/columns.ts';
import { pageQuery } from '../../http/list.ts';

export const importKindParams = z.strictObject({ kind: z.enum(IMPORT_KINDS) });

export const importQuery = z.strictObject({
  fileName: z.string().trim().min(1).max(200).optional(),
  mode: z.enum(['all-or-nothing', 'partial']).default('all-or-nothing'),
});

export const listImportsQuery = z.strictObject({
  ...pageQuery,
  kind: z.enum(IMPORT_KINDS).optional(),
  status: z.enum(['running', 'done', 'failed', 'rejected']).optional(),
});

export const importIdParams = z.strictObject({ id: z.uuid() });

export const templateParams = z.strictObject({
  file: z.string().regex(/^(customers|billing|satisfaction|indicators)\.csv$/, 'one of <kind>.csv'),
});

export const rowIssueView = z.object({ line: z.number().int(), field: z.string(), reason: z.string() });

const runFields = {
  id: z.string(),
  kind: z.string(),
  fileName: z.string(),
  format: z.string(),
  status: z.string(),
  mode: z.string(),
  rowsRead: z.number().int(),
  rowsImported: z.number().int(),
  startedBy: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
};

export const importRunView = z.object({
  ...runFields,
  rowsRejected: z.number().int(),
  errors: z.array(rowIssueView),
});

export const importRunSummaryView = z.object({ ...runFields, errorCount: z.number().int() });
