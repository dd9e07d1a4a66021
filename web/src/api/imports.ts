import { api, type Page } from './client';

export const IMPORT_KINDS = ['customers', 'billing', 'satisfaction', 'indicators'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export type ImportMode = 'all-or-nothing' | 'partial';

/** One bad row of an import file: its line (1 = header), the column and why. */
export type ImportRowIssue = { line: number; field: string; reason: string };

type ImportRunBase = {
  id: string;
  kind: ImportKind;
  fileName: string;
  format: 'csv' | 'xlsx' | 'unknown';
  status: 'running' | 'done' | 'failed' | 'rejected';
  mode: ImportMode;
  rowsRead: number;
  rowsImported: number;
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
};

export type ImportRun = ImportRunBase & { rowsRejected: number; errors: ImportRowIssue[] };
export type ImportRunSummary = ImportRunBase & { errorCount: number };

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The content type to send a picked file with, from its name; null when it is neither CSV nor XLSX. */
export function findUploadType(fileName: string): string | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return XLSX_TYPE;
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'text/csv';
  return null;
}

/** Sends the file itself as the request body (the server streams it). */
export function uploadImport(
  kind: ImportKind,
  file: Blob,
  fileName: string,
  mode: ImportMode,
): Promise<ImportRun> {
  const type = findUploadType(fileName) ?? 'application/octet-stream';
  return api.upload<ImportRun>(`/imports/${kind}`, file, type, { fileName, mode });
}

export function findImports(
  query: { kind?: ImportKind; limit?: number; offset?: number },
  signal?: AbortSignal,
): Promise<Page<ImportRunSummary>> {
  return api.getPage<ImportRunSummary>('/imports', query, signal);
}

export function getImport(id: string, signal?: AbortSignal): Promise<ImportRun> {
  return api.get<ImportRun>(`/imports/${encodeURIComponent(id)}`, undefined, signal);
}

/** Where the CSV template of a kind downloads from. */
export function templateUrl(kind: ImportKind): string {
  return `/api/v1/imports/templates/${kind}.csv`;
}
