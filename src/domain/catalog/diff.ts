/**
 * The differences between two catalog versions (PRODUCT.md §4 "the differences between two
 * versions can be shown"): items, standards, mandatory actions and channel rules that were added,
 * removed or changed, with every changed field's value before and after.
 */

import {
  ACTION_KEYS,
  CHANNEL_KEYS,
  channelKey,
  ITEM_KEYS,
  STANDARD_KEYS,
  standardKey,
} from './entry-keys.ts';
import type { CatalogDocument, ChannelRule, MandatoryAction, ServiceItem, Standard } from './types.ts';

export type FieldChange = { field: string; before: unknown; after: unknown };

export type EntryChange<T> = {
  /** The entry's identity: item or action code, standard key `item|level|product|scope|role`, `channel|item`. */
  key: string;
  change: 'added' | 'removed' | 'changed';
  before: T | null;
  after: T | null;
  /** The fields that differ (for `changed`; every field for added/removed is in before/after). */
  fields: FieldChange[];
};

export type CatalogDiff = {
  items: EntryChange<ServiceItem>[];
  standards: EntryChange<Standard>[];
  actions: EntryChange<MandatoryAction>[];
  channels: EntryChange<ChannelRule>[];
  counts: { added: number; removed: number; changed: number };
};

/** Canonical JSON: keys sorted, undefined and null alike, so equal values compare equal. */
function canonical(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Empty lists and `false` flags of optional item fields count as absent. */
function comparable(field: string, value: unknown): string {
  if (
    (field === 'products' && Array.isArray(value) && value.length === 0) ||
    (field === 'scoped' && value === false)
  ) {
    return 'null';
  }
  return canonical(value);
}

/** Fields in the entry type's display order, unknown ones last (JSON storage reorders keys). */
function orderedFields(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  order: readonly string[],
): string[] {
  const rank = (f: string) => (order.includes(f) ? order.indexOf(f) : order.length);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(
    (x, y) => rank(x) - rank(y) || (x < y ? -1 : 1),
  );
}

function diffList<T extends object>(
  before: T[],
  after: T[],
  keyOf: (entry: T) => string,
  order: readonly string[],
): EntryChange<T>[] {
  const old = new Map(before.map((e) => [keyOf(e), e]));
  const seen = new Set<string>();
  const changes: EntryChange<T>[] = [];
  for (const entry of after) {
    const key = keyOf(entry);
    seen.add(key);
    const previous = old.get(key);
    if (!previous) {
      changes.push({ key, change: 'added', before: null, after: entry, fields: [] });
      continue;
    }
    const a = previous as Record<string, unknown>;
    const b = entry as Record<string, unknown>;
    const fields: FieldChange[] = [];
    for (const field of orderedFields(a, b, order)) {
      if (comparable(field, a[field]) !== comparable(field, b[field])) {
        fields.push({ field, before: a[field] ?? null, after: b[field] ?? null });
      }
    }
    if (fields.length > 0) changes.push({ key, change: 'changed', before: previous, after: entry, fields });
  }
  for (const entry of before) {
    const key = keyOf(entry);
    if (!seen.has(key)) changes.push({ key, change: 'removed', before: entry, after: null, fields: [] });
  }
  return changes;
}

/**
 * What changed from catalog `a` to catalog `b`. Standards are matched by item + level + product +
 * scope + contact role, so a standard moved to another level is one removed and one added.
 *
 * @example
 * const d = diffCatalogs(v1, v2);
 * d.standards[0]; // { key: 'fixed_line_restore|2A|*|*|*', change: 'changed',
 * //   fields: [{ field: 'responseTime', before: { kind: 'hours', hours: 3, … }, after: { …hours: 2… } }, …] }
 */
export function diffCatalogs(a: CatalogDocument, b: CatalogDocument): CatalogDiff {
  const items = diffList(a.items, b.items, (i) => i.code, ITEM_KEYS);
  const standards = diffList(a.standards, b.standards, standardKey, STANDARD_KEYS);
  const actions = diffList(a.actions, b.actions, (x) => x.code, ACTION_KEYS);
  const channels = diffList(a.channels, b.channels, channelKey, CHANNEL_KEYS);
  const counts = { added: 0, removed: 0, changed: 0 };
  for (const change of [...items, ...standards, ...actions, ...channels]) counts[change.change] += 1;
  return { items, standards, actions, channels, counts };
}
