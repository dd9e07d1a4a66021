import { describe, expect, it } from 'vitest';
import type { DomainError } from '../errors.ts';
import { DEFAULT_CATALOG } from './defaults.ts';
import { type EntitlementSubject, listEntitlements, resolveEntitlement } from './entitlements.ts';

const tier = (t: '1A' | '2A' | '3A' | '4A' | '5A', stars?: number): EntitlementSubject => ({
  tier: t,
  stars: stars ?? Number(t[0]),
  groupClass: null,
});
const NONE: EntitlementSubject = { tier: null, stars: null, groupClass: null };
const hoursOf = (e: { responseTime: unknown }) => (e.responseTime as { hours: number }).hours;
const rules = (e: { explanation: { rule: string; level: string | null }[] }) =>
  e.explanation.map((s) => (s.level ? `${s.rule}:${s.level}` : s.rule));

describe('resolveEntitlement (PRODUCT.md §4)', () => {
  it('gives each tier its star standard: fixed-line restore 5A 2 h, 2A 3 h, 1A 4 h, basic 4 h', () => {
    const restore = (s: EntitlementSubject) =>
      resolveEntitlement(DEFAULT_CATALOG, s, { itemCode: 'fixed_line_restore' });
    expect(hoursOf(restore(tier('5A')))).toBe(2);
    expect(hoursOf(restore(tier('2A')))).toBe(3);
    expect(hoursOf(restore(tier('1A')))).toBe(4);
    const basic = restore(NONE);
    expect(basic).toMatchObject({ level: 'basic', provided: true, wording: '不超过4小时' });
    expect(rules(basic)).toEqual(['service_tier', 'basic_level:basic', 'standard_matched:basic']);
    expect(basic.explanation.at(-1)?.detail.fallback).toBe(false);
  });

  it('serves at the stars: a 5A customer at 4★ gets the 4A standard', () => {
    const e = resolveEntitlement(DEFAULT_CATALOG, tier('5A', 4), { itemCode: 'am_visit' });
    expect(e.level).toBe('4A');
    expect(e.explanation[0]).toMatchObject({
      rule: 'service_tier',
      detail: { tier: '5A', stars: 4, serviceTier: '4A' },
    });
  });

  it('falls back to the basic standard when the tier has none, and says so', () => {
    const e = resolveEntitlement(DEFAULT_CATALOG, tier('5A'), { itemCode: 'circuit_fault' });
    expect(e).toMatchObject({ level: 'basic', responseTime: { kind: 'hours', hours: 6, clock: '24x7' } });
    expect(rules(e)).toEqual([
      'service_tier:5A',
      'basic_level:basic',
      'level_no_standard:5A',
      'standard_matched:basic',
    ]);
    expect(e.explanation.at(-1)?.detail.fallback).toBe(true);
    expect(e.explanation.at(-1)?.message).toMatch(/fell back to the basic standard/);
  });

  it('answers digital circuit inter-province 30 wd on the basic standard, 20 wd at 95 % for 5A', () => {
    const q = {
      itemCode: 'circuit_provisioning',
      product: 'digital_circuit',
      scope: 'inter_province',
    } as const;
    expect(resolveEntitlement(DEFAULT_CATALOG, NONE, q)).toMatchObject({
      level: 'basic',
      responseTime: { kind: 'workdays', days: 30 },
      wording: '数字电路开通时限:省际30个工作日',
    });
    expect(resolveEntitlement(DEFAULT_CATALOG, tier('5A'), q)).toMatchObject({
      level: '5A',
      responseTime: { kind: 'workdays', days: 20 },
      targetPercent: 95,
      degree: '光端机到客户',
    });
    expect(
      resolveEntitlement(DEFAULT_CATALOG, NONE, { ...q, product: 'data_circuit', scope: 'in_province' })
        .responseTime,
    ).toEqual({ kind: 'workdays', days: 25 });
  });

  it('picks the product-specific standard: 2★ dial-up ≤ 1 day, dedicated line 15 wd', () => {
    const dial = resolveEntitlement(DEFAULT_CATALOG, tier('2A'), {
      itemCode: 'internet_provisioning',
      product: 'dial_up',
    });
    expect(dial).toMatchObject({ level: '2A', product: 'dial_up', responseTime: { kind: 'days', days: 1 } });
    const none = resolveEntitlement(DEFAULT_CATALOG, tier('2A'), { itemCode: 'internet_provisioning' });
    expect(none.provided).toBe(false);
    expect(rules(none).at(-1)).toBe('no_standard');
  });

  it('prefers the more specific standard of a level and says how many were passed over', () => {
    const doc = structuredClone(DEFAULT_CATALOG);
    doc.standards.push({
      ...doc.standards.find((s) => s.itemCode === 'fixed_line_restore' && s.level === '5A')!,
      contactRole: 'core',
      responseTime: { kind: 'hours', hours: 1, clock: '24x7' },
      wording: '1小时',
    });
    const core = resolveEntitlement(
      doc,
      { ...tier('5A'), contactRole: 'core' },
      { itemCode: 'fixed_line_restore' },
    );
    expect(hoursOf(core)).toBe(1);
    expect(core.explanation.find((s) => s.rule === 'more_specific')?.detail.passedOver).toBe(1);
    const ordinary = resolveEntitlement(
      doc,
      { ...tier('5A'), contactRole: 'ordinary' },
      { itemCode: 'fixed_line_restore' },
    );
    expect(hoursOf(ordinary)).toBe(2);
  });

  it('uses the group class after the tier, then basic', () => {
    const a = resolveEntitlement(
      DEFAULT_CATALOG,
      { tier: null, stars: null, groupClass: 'A' },
      { itemCode: 'onsite_station' },
    );
    expect(a).toMatchObject({ level: 'A', frequency: { times: 1, period: 'dekad' } });
    expect(rules(a)).toEqual(['service_tier', 'group_class:A', 'basic_level:basic', 'standard_matched:A']);
    // a 2A customer of class A: the 2A standard says not provided, and the first level decides
    const both = resolveEntitlement(
      DEFAULT_CATALOG,
      { ...tier('2A'), groupClass: 'A' },
      { itemCode: 'onsite_station' },
    );
    expect(both).toMatchObject({ level: '2A', provided: false });
    // business consulting: 2A has no standard, class B does
    const b = resolveEntitlement(
      DEFAULT_CATALOG,
      { ...tier('2A'), groupClass: 'B' },
      { itemCode: 'business_consulting' },
    );
    expect(b).toMatchObject({ level: 'B', responseTime: { kind: 'hours', hours: 4, clock: '24x7' } });
  });

  it('says not provided, with no channels, when the level says so', () => {
    const e = resolveEntitlement(DEFAULT_CATALOG, tier('2A'), { itemCode: 'chief_account_manager' });
    expect(e).toMatchObject({ provided: false, level: '2A', channels: [] });
    expect(rules(e).at(-1)).toBe('not_provided:2A');
  });

  it('lists the channels that deliver the item at the level used', () => {
    const e = resolveEntitlement(DEFAULT_CATALOG, tier('5A'), { itemCode: 'complaint_response' });
    expect(e.channels).toEqual([
      { channel: 'account_manager', role: 'support' },
      { channel: 'group_hotline', role: 'primary' },
    ]);
    const basic = resolveEntitlement(DEFAULT_CATALOG, tier('1A'), { itemCode: 'complaint_response' });
    expect(basic.channels).toEqual([{ channel: 'group_hotline', role: 'primary' }]);
  });

  it('ignores a product or scope the item does not distinguish, refuses an unknown product, 404s an unknown item', () => {
    const e = resolveEntitlement(DEFAULT_CATALOG, tier('3A'), {
      itemCode: 'fixed_line_restore',
      product: 'x',
      scope: 'local',
    });
    expect(e.explanation.filter((s) => s.rule === 'field_ignored').map((s) => s.detail.field)).toEqual([
      'product',
      'scope',
    ]);
    expect(hoursOf(e)).toBe(2);
    const fail = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error as DomainError;
      }
      throw new Error('expected an error');
    };
    expect(
      fail(() =>
        resolveEntitlement(DEFAULT_CATALOG, NONE, { itemCode: 'internet_provisioning', product: 'x' }),
      ),
    ).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'product' }],
    });
    expect(fail(() => resolveEntitlement(DEFAULT_CATALOG, NONE, { itemCode: 'nope' })).code).toBe(
      'NOT_FOUND',
    );
  });
});

describe('listEntitlements', () => {
  const byCode = (s: EntitlementSubject) =>
    new Map(listEntitlements(DEFAULT_CATALOG, s).map((e) => [e.item.code, e]));

  it('covers every item, one entry when every variant gets the same standard', () => {
    const five = byCode(tier('5A'));
    expect(five.size).toBe(DEFAULT_CATALOG.items.length);
    expect(five.get('circuit_provisioning')!.entries).toHaveLength(1);
    expect(five.get('circuit_provisioning')!.entries[0]!.level).toBe('5A');
  });

  it('splits by product, scope and contact role where the answer differs', () => {
    const none = byCode(NONE);
    expect(
      none
        .get('circuit_provisioning')!
        .entries.map((e) => `${e.product}/${e.scope}:${(e.responseTime as { days: number }).days}`),
    ).toEqual([
      'digital_circuit/local:15',
      'digital_circuit/in_province:20',
      'digital_circuit/inter_province:30',
      'data_circuit/local:20',
      'data_circuit/in_province:25',
      'data_circuit/inter_province:30',
    ]);
    const five = byCode(tier('5A'));
    const birthday = five.get('birthday_care')!;
    expect(birthday.provided).toBe(true);
    expect(birthday.entries.map((e) => `${e.contactRole}:${e.provided}`)).toEqual([
      'core:true',
      'important:true',
      'ordinary:false',
    ]);
    expect(five.get('internet_provisioning')!.entries).toHaveLength(1); // 按需及时 for every product
    expect(byCode(tier('2A')).get('internet_provisioning')!.entries).toHaveLength(3);
  });

  it('differs between a 5A and a 2A customer', () => {
    const five = byCode(tier('5A'));
    const two = byCode(tier('2A'));
    expect(five.get('chief_account_manager')!.provided).toBe(true);
    expect(two.get('chief_account_manager')!.provided).toBe(false);
    expect(five.get('am_visit')!.entries[0]!.frequency).toEqual({ times: 1, period: 'month' });
    expect(two.get('am_visit')!.entries[0]!.frequency).toEqual({ times: 1, period: 'half_year' });
  });
});
