import { describe, expect, it } from 'vitest';
import { DEFAULT_ACTIONS } from './default-actions.ts';
import { DEFAULT_CATALOG } from './defaults.ts';
import { SERVICE_LEVELS } from './levels.ts';
import { validateCatalog } from './validate.ts';

const standardOf = (itemCode: string, level: string, extra: Record<string, unknown> = {}) =>
  DEFAULT_CATALOG.standards.find(
    (s) =>
      s.itemCode === itemCode &&
      s.level === level &&
      Object.entries(extra).every(([k, v]) => (s as Record<string, unknown>)[k] === v),
  );

describe('the shipped catalog (PRODUCT.md §4, seeds 001 and 004)', () => {
  it('is valid', () => {
    expect(validateCatalog(DEFAULT_CATALOG, { today: '2026-03-10' })).toEqual([]);
  });

  it('has every item the default mandatory actions deliver', () => {
    const codes = new Set(DEFAULT_CATALOG.items.map((i) => i.code));
    for (const code of ['am_visit', 'network_report', 'holiday_greeting', 'birthday_care']) {
      expect(codes.has(code), code).toBe(true);
    }
    expect(DEFAULT_CATALOG.actions).toBe(DEFAULT_ACTIONS);
  });

  it('carries the star standards table of seed 001', () => {
    // 固定电话装机时限: 按需 按需 1个工作日 1个工作日 2个工作日
    expect(standardOf('fixed_line_installation', '5A')?.responseTime).toEqual({ kind: 'on_demand' });
    expect(standardOf('fixed_line_installation', '4A')?.wording).toBe('按需');
    expect(standardOf('fixed_line_installation', '3A')?.responseTime).toEqual({ kind: 'workdays', days: 1 });
    expect(standardOf('fixed_line_installation', '1A')?.responseTime).toEqual({ kind: 'workdays', days: 2 });
    // 固定电话复通业务功能增加: 2 2 2 3 小时, 不超过4小时
    const restore = ['5A', '4A', '3A', '2A', '1A'].map(
      (l) => (standardOf('fixed_line_restore', l)!.responseTime as { hours: number }).hours,
    );
    expect(restore).toEqual([2, 2, 2, 3, 4]);
    // 数字电路及数据电路开通: 光端机到客户 + 20 wd at 95 % / 90 %
    expect(standardOf('circuit_provisioning', '5A')).toMatchObject({
      degree: '光端机到客户',
      targetPercent: 95,
      responseTime: { kind: 'workdays', days: 20 },
    });
    expect(standardOf('circuit_provisioning', '3A')).toMatchObject({
      degree: '光端机到客户',
      targetPercent: 90,
    });
    expect(standardOf('circuit_provisioning', '2A')).toMatchObject({ degree: null, targetPercent: 90 });
    // 互联网业务: 按需及时 for 5★–3★; 2★/1★ by product
    expect(standardOf('internet_provisioning', '3A')?.wording).toBe('按需及时');
    expect(standardOf('internet_provisioning', '2A', { product: 'dial_up' })?.responseTime).toEqual({
      kind: 'days',
      days: 1,
    });
    expect(standardOf('internet_provisioning', '1A', { product: 'adsl_lan' })?.responseTime).toEqual({
      kind: 'workdays',
      days: 15,
    });
  });

  it('carries the basic service standards of seed 001', () => {
    const basic = (item: string, extra: Record<string, unknown> = {}) =>
      standardOf(item, 'basic', extra)?.responseTime;
    expect(basic('fixed_line_installation')).toEqual({ kind: 'workdays', days: 2 });
    expect(basic('circuit_fault')).toEqual({ kind: 'hours', hours: 6, clock: '24x7' });
    expect(basic('fixed_line_restore')).toEqual({ kind: 'hours', hours: 4, clock: '24x7' });
    expect(basic('fixed_line_repair')).toEqual({ kind: 'hours', hours: 8, clock: '24x7' });
    expect(basic('internet_provisioning', { product: 'dedicated_internet' })).toEqual({
      kind: 'workdays',
      days: 15,
    });
    expect(basic('internet_provisioning', { product: 'dial_up' })).toEqual({ kind: 'days', days: 1 });
    expect(basic('internet_provisioning', { product: 'adsl_lan' })).toEqual({ kind: 'workdays', days: 15 });
    expect(basic('idc_provisioning')).toEqual({ kind: 'as_agreed' });
    const circuit = (product: string, scope: string) =>
      (basic('circuit_provisioning', { product, scope }) as { days: number }).days;
    expect(['local', 'in_province', 'inter_province'].map((s) => circuit('digital_circuit', s))).toEqual([
      15, 20, 30,
    ]);
    expect(['local', 'in_province', 'inter_province'].map((s) => circuit('data_circuit', s))).toEqual([
      20, 25, 30,
    ]);
  });

  it('carries the seed-004 examples with their category and attribute', () => {
    const cat = (code: string) => {
      const i = DEFAULT_CATALOG.items.find((x) => x.code === code);
      return i && `${i.name}:${i.category}/${i.attribute}`;
    };
    expect(cat('am_visit')).toBe('日常拜访:basic/group');
    expect(cat('group_points')).toBe('集团积分:basic/group');
    expect(cat('chief_account_manager')).toBe('首席客户经理:value_added/group');
    expect(cat('onsite_station')).toBe('挂牌驻点:value_added/group');
    expect(cat('spare_phone')).toBe('备机服务:value_added/personal');
    expect(cat('intl_roaming_no_deposit')).toBe('免预存开通国长国漫:value_added/personal');
    expect(cat('exclusive_business_service')).toBe('专享商务服务:extended/group');
    expect(cat('alliance_merchant_card')).toBe('联盟商家体验卡:extended/personal');
    // A/B/C standards exist for the group classes
    for (const level of ['A', 'B', 'C']) expect(standardOf('am_visit', level), level).toBeDefined();
  });

  it('has a channel matrix over the five CSC channels', () => {
    const channels = new Set(DEFAULT_CATALOG.channels.map((c) => c.channel));
    expect([...channels].sort()).toEqual([
      'account_manager',
      'business_hall',
      'electronic',
      'group_hotline',
      'sa',
    ]);
    expect(SERVICE_LEVELS).toEqual(['5A', '4A', '3A', '2A', '1A', 'A', 'B', 'C', 'basic']);
  });
});
