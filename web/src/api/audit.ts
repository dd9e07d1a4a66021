import { api, type Page } from './client';
import type { AuditEntry } from './types';

export type AuditFilter = {
  entity?: string;
  entityId?: string;
  actor?: string;
  /** UTC ISO instant, inclusive. */
  from?: string;
  /** UTC ISO instant, inclusive. */
  to?: string;
};

export function findAuditEntries(
  filter: AuditFilter,
  limit: number,
  offset: number,
  signal?: AbortSignal,
): Promise<Page<AuditEntry>> {
  return api.getPage<AuditEntry>('/audit', { ...filter, limit, offset }, signal);
}
