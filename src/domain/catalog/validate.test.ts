import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { DEFAULT_CATALOG } from './defaults.ts';
import type { CatalogDocument } from './types.ts';
import { assertCatalog, validateCatalog } from './validate.ts';

const TODAY = '2026-03-10';
const clone = (): CatalogDocument => structuredClone(DEFAULT_CATALOG);
const fieldsOf = (doc: unknown, opts: { effectiveDate?: string } = {}) =>
  validateCatalog(doc, { today: TODAY, ...opts }).map((i) => i.field);

/** A fresh copy with one standard (index 0) changed. */
function withStandard(change: Record<string, unknown>): CatalogDocument {
  const doc = clone();
  doc.standards[0] = { ...doc.standards[0]!, ...change } as never;
  return doc;
}

describe('validateCatalog (issue 4 "Bad input")', () => {
  it('accepts the shipped catalog, and a publication today or later', () => {
    expect(fieldsOf(DEFAULT_CATALOG)).toEqual([]);
    expect(fieldsOf(DEFAULT_CATALOG, { effectiveDate: TODAY })).toEqual([]);
    expect(fieldsOf(DEFAULT_CATALOG, { effectiveDate: '2026-04-01' })).toEqual([]);
  });

  it.each([
    ['a missing item', { itemCode: 'no_such_item' }, 'standards[0].itemCode'],
    ['a missing tier', { level: '6A' }, 'standards[0].level'],
    ['an unknown period', { frequency: { times: 1, period: 'weekly' } }, 'standards[0].frequency.period'],
    ['times below 1', { frequency: { times: 0, period: 'month' } }, 'standards[0].frequency.times'],
    [
      'negative working days',
      { responseTime: { kind: 'workdays', days: -3 } },
      'standards[0].responseTime.days',
    ],
    ['zero working days', { responseTime: { kind: 'workdays', days: 0 } }, 'standards[0].responseTime.days'],
    [
      'negative hours',
      { responseTime: { kind: 'hours', hours: -2, clock: '24x7' } },
      'standards[0].responseTime.hours',
    ],
    [
      'zero hours',
      { responseTime: { kind: 'hours', hours: 0, clock: '24x7' } },
      'standards[0].responseTime.hours',
    ],
    [
      'an unknown clock',
      { responseTime: { kind: 'hours', hours: 2, clock: 'nights' } },
      'standards[0].responseTime.clock',
    ],
    ['an unknown time kind', { responseTime: { kind: 'weeks', weeks: 2 } }, 'standards[0].responseTime.kind'],
    ['a percentage above 100', { targetPercent: 120 }, 'standards[0].targetPercent'],
    ['a product on an item without products', { product: 'dial_up' }, 'standards[0].product'],
    ['a scope on an unscoped item', { scope: 'local' }, 'standards[0].scope'],
    ['an unknown contact role', { contactRole: 'boss' }, 'standards[0].contactRole'],
    ['provided not a boolean', { provided: 'yes' }, 'standards[0].provided'],
    ['empty wording', { wording: ' ' }, 'standards[0].wording'],
    ['an unknown field', { colour: 'red' }, 'standards[0].colour'],
  ])('refuses %s', (_what, change, field) => {
    expect(fieldsOf(withStandard(change))).toContain(field);
  });

  it('names the message of an unknown period and a negative duration', () => {
    const issues = validateCatalog(
      withStandard({
        frequency: { times: 1, period: 'weekly' },
        responseTime: { kind: 'workdays', days: -1 },
      }),
      { today: TODAY },
    );
    expect(issues.find((i) => i.field.endsWith('period'))?.message).toMatch(
      /unknown period 'weekly'; one of dekad/,
    );
    expect(issues.find((i) => i.field.endsWith('days'))?.message).toMatch(/zero or negative/);
  });

  it('refuses a product the item does not know', () => {
    const doc = clone();
    const i = doc.standards.findIndex(
      (s) => s.itemCode === 'internet_provisioning' && s.product === 'dial_up',
    );
    doc.standards[i] = { ...doc.standards[i]!, product: 'satellite' };
    expect(fieldsOf(doc)).toEqual([`standards[${i}].product`]);
  });

  it('refuses duplicate item codes and duplicate standard keys', () => {
    const doc = clone();
    doc.items.push({ ...doc.items[0]! });
    doc.standards.push({ ...doc.standards[0]!, wording: '又一条' });
    expect(fieldsOf(doc)).toEqual([
      `items[${doc.items.length - 1}].code`,
      `standards[${doc.standards.length - 1}].level`,
    ]);
  });

  it('refuses actions and channels that name missing items, levels, periods', () => {
    const doc = clone();
    doc.actions[0] = {
      ...doc.actions[0]!,
      itemCode: 'gone',
      schedule: { kind: 'periodic', period: 'fortnight' as never, times: 1 },
    };
    doc.actions[1] = { ...doc.actions[1]!, level: '7A' as never };
    doc.actions.push({ ...doc.actions[2]! });
    doc.channels[0] = { ...doc.channels[0]!, itemCode: 'gone' };
    doc.channels[1] = { ...doc.channels[1]!, channel: 'pigeon' as never, levels: ['5A', 'Z' as never] };
    doc.channels.push({ ...doc.channels[2]! });
    expect(fieldsOf(doc)).toEqual([
      'actions[0].schedule.period',
      'actions[0].itemCode',
      'actions[1].level',
      `actions[${doc.actions.length - 1}].code`,
      'channels[0].itemCode',
      'channels[1].channel',
      'channels[1].levels[1]',
      `channels[${doc.channels.length - 1}].itemCode`,
    ]);
  });

  it('refuses a periodic action recurring more often than its period has days', () => {
    const doc = clone();
    doc.actions[0] = { ...doc.actions[0]!, schedule: { kind: 'periodic', period: 'dekad', times: 9 } };
    doc.actions[1] = { ...doc.actions[1]!, schedule: { kind: 'periodic', period: 'dekad', times: 8 } };
    doc.actions[2] = { ...doc.actions[2]!, schedule: { kind: 'periodic', period: 'month', times: 0 } };
    const issues = validateCatalog(doc, { today: TODAY });
    expect(issues.map((i) => i.field)).toEqual(['actions[0].schedule.times', 'actions[2].schedule.times']);
    expect(issues[0]!.message).toMatch(/times per dekad must be a whole number from 1 to 8; got 9/);
    expect(issues[1]!.message).toMatch(/zero or negative/);
  });

  it('refuses an effective date in the past when publishing', () => {
    expect(fieldsOf(DEFAULT_CATALOG, { effectiveDate: '2026-03-09' })).toEqual(['effectiveDate']);
    expect(fieldsOf(DEFAULT_CATALOG, { effectiveDate: '2026-02-30' })).toEqual(['effectiveDate']);
  });

  it('refuses a document that is not one', () => {
    expect(fieldsOf(null)).toEqual(['document']);
    expect(fieldsOf({ items: [], standards: {} })).toEqual(['standards', 'actions', 'channels']);
  });

  it('does not call every standard of a flawed item an unknown item', () => {
    const doc = clone();
    doc.items[0] = { ...doc.items[0]!, category: 'premium' as never };
    expect(fieldsOf(doc)).toEqual(['items[0].category']);
  });
});

describe('assertCatalog', () => {
  it('returns a normalised copy', () => {
    const doc = clone();
    const { product: _p, scope: _s, contactRole: _c, targetPercent: _t, ...bare } = doc.standards[0]!;
    doc.standards[0] = bare as never;
    const { products: _pr, scoped: _sc, description: _d, ...item } = doc.items[0]!;
    doc.items[0] = item as never;
    const out = assertCatalog(doc, { today: TODAY });
    expect(out.standards[0]).toMatchObject({
      product: null,
      scope: null,
      contactRole: null,
      targetPercent: null,
    });
    expect(out.items[0]).toMatchObject({ products: [], scoped: false, description: null });
  });

  it('throws CATALOG_INVALID listing every field', () => {
    try {
      assertCatalog(withStandard({ level: '6A', itemCode: 'x' }), {
        today: TODAY,
        effectiveDate: '2020-01-01',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      const e = error as DomainError;
      expect(e.code).toBe('CATALOG_INVALID');
      expect(e.errors.map((i) => i.field)).toEqual([
        'effectiveDate',
        'standards[0].itemCode',
        'standards[0].level',
      ]);
    }
  });
});
