/**
 * The customer list's state as URL query parameters (`/customers?q=华&tier=5A&page=2&sort=-latestTotal`)
 * so that a filtered list can be bookmarked and shared.
 */
import { type CustomerFilter, isGroupClass, isTier } from '../../api/customers';

export type CustomerListQuery = {
  filter: CustomerFilter;
  /** 1-based. */
  page: number;
  pageSize: number;
  /** `field` ascending or `-field` descending; empty for the server's default order. */
  sort: string;
};

export const PAGE_SIZES = [20, 50, 100, 200] as const;
const DEFAULT_PAGE_SIZE = 20;

/** Columns the list may be sorted by on the server (a subset of its `sort` values). */
export const SORTABLE_FIELDS = ['code', 'name', 'tier', 'industry', 'regionCode', 'updatedAt'] as const;
export type SortableField = (typeof SORTABLE_FIELDS)[number];

function text(params: URLSearchParams, key: string): string | undefined {
  const value = params.get(key)?.trim();
  return value ? value : undefined;
}

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : fallback;
}

function readSort(value: string | null): string {
  if (!value) return '';
  const field = value.startsWith('-') ? value.slice(1) : value;
  return (SORTABLE_FIELDS as readonly string[]).includes(field) ? value : '';
}

/** Reads the list state from the URL, ignoring values the list does not know. */
export function readListQuery(params: URLSearchParams): CustomerListQuery {
  const tier = params.get('tier');
  const groupClass = params.get('groupClass');
  const filter: CustomerFilter = {
    q: text(params, 'q'),
    tier: isTier(tier) ? tier : undefined,
    groupClass: isGroupClass(groupClass) ? groupClass : undefined,
    industry: text(params, 'industry'),
    regionCode: text(params, 'regionCode'),
    accountManagerId: text(params, 'accountManagerId'),
  };
  for (const key of Object.keys(filter) as (keyof CustomerFilter)[]) {
    if (filter[key] === undefined) delete filter[key];
  }
  const pageSize = positiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE);
  return {
    filter,
    page: positiveInt(params.get('page'), 1),
    pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
    sort: readSort(params.get('sort')),
  };
}

/** The URL query for a list state; defaults are left out so that links stay short. */
export function writeListQuery(query: CustomerListQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query.filter)) {
    if (typeof value === 'string' && value !== '') params.set(key, value);
  }
  if (query.page > 1) params.set('page', String(query.page));
  if (query.pageSize !== DEFAULT_PAGE_SIZE) params.set('pageSize', String(query.pageSize));
  if (query.sort) params.set('sort', query.sort);
  return params;
}
