/**
 * The identity and the field order of catalog entries (PRODUCT.md §4): what makes two standards or
 * channel rules "the same" within a version, and the fields of each entry in display order.
 */
import type { ChannelRule, Standard } from './types.ts';

/** A standard's identity within a version: item, level, product, scope and contact role. */
export function standardKey(
  s: Pick<Standard, 'itemCode' | 'level' | 'product' | 'scope' | 'contactRole'>,
): string {
  return [s.itemCode, s.level, s.product ?? '*', s.scope ?? '*', s.contactRole ?? '*'].join('|');
}

/** A channel rule's identity within a version. */
export function channelKey(c: Pick<ChannelRule, 'channel' | 'itemCode'>): string {
  return `${c.channel}|${c.itemCode}`;
}

/** The fields of an entry, in display order. */
export const ITEM_KEYS: readonly string[] = [
  'code',
  'name',
  'nameEn',
  'category',
  'attribute',
  'need',
  'description',
  'products',
  'scoped',
];
/** The fields of an entry, in display order. */
export const STANDARD_KEYS: readonly string[] = [
  'itemCode',
  'level',
  'product',
  'scope',
  'contactRole',
  'provided',
  'responseTime',
  'targetPercent',
  'frequency',
  'degree',
  'coverage',
  'wording',
];
/** The fields of an entry, in display order. */
export const ACTION_KEYS: readonly string[] = [
  'code',
  'name',
  'nameEn',
  'level',
  'kind',
  'schedule',
  'itemCode',
  'owner',
];
/** The fields of an entry, in display order. */
export const CHANNEL_KEYS: readonly string[] = ['channel', 'itemCode', 'levels', 'role'];
