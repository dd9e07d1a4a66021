import { describe, expect, it } from 'vitest';
import { resolveHeader } from './columns.ts';
import {
  validateBillingRow,
  validateCustomerRow,
  validateIndicatorRow,
  validateSatisfactionRow,
} from './rows.ts';

const customersHeader = resolveHeader('customers', [
  'code',
  'name',
  'creditCode',
  'industry',
  'regionCode',
  'parentCode',
  'isHeadquarters',
  'employees',
]);

describe('validateCustomerRow', () => {
  it('maps a good row', () => {
    const r = validateCustomerRow(
      customersHeader,
      [
        'KA1',
        '深圳示例科技有限公司',
        '91440300708461136t',
        '信息传输、软件和信息技术服务业',
        'GD-SZ',
        '',
        '是',
        '120',
      ],
      2,
    );
    expect(r.issues).toEqual([]);
    expect(r.row).toMatchObject({
      code: 'KA1',
      creditCode: '91440300708461136T',
      industry: 'I',
      parentCode: null,
      isHeadquarters: true,
      employees: 120,
      accountManager: undefined,
    });
  });

  it('reports every bad cell with line and field', () => {
    const r = validateCustomerRow(
      customersHeader,
      ['KA 1', '', '91440300708461136U', 'Z', '', 'KA 1', 'perhaps', '-3'],
      7,
    );
    expect(r.row).toBeNull();
    expect(r.issues).toEqual([
      { line: 7, field: 'code', reason: 'letters, digits, . _ - only (at most 40)' },
      { line: 7, field: 'name', reason: 'required' },
      { line: 7, field: 'creditCode', reason: 'the check character (18th) does not match GB 32100-2015' },
      { line: 7, field: 'industry', reason: "unknown industry 'Z' (GB/T 4754 section A–T)" },
      { line: 7, field: 'regionCode', reason: 'required' },
      { line: 7, field: 'parentCode', reason: 'letters, digits, . _ - only (at most 40)' },
      { line: 7, field: 'isHeadquarters', reason: "not yes/no: 'perhaps'" },
      { line: 7, field: 'employees', reason: 'must not be negative' },
    ]);
  });
});

describe('validateBillingRow', () => {
  const header = resolveHeader('billing', [
    '客户编码',
    '月份',
    '出账收入',
    '语音收入',
    '带宽收入',
    '带动收入',
    '欠费月数',
  ]);

  it('stores yuan as exact fen, empty family cells as 0 and an empty driven as unknown', () => {
    const r = validateBillingRow(header, ['KA1', '2026-01', '1234567.29', '0.29', '', '', '0'], 3);
    expect(r.row).toEqual({
      customerCode: 'KA1',
      month: '2026-01-01',
      revenueFen: 123456729,
      voiceFen: 29,
      dataFen: undefined,
      bandwidthFen: 0,
      newServicesFen: undefined,
      idcFen: undefined,
      drivenFen: null,
      arrearsMonths: 0,
      dedicatedCostFen: undefined,
      newServicesCount: undefined,
    });
  });

  it('refuses negative money, bad months and families above revenue', () => {
    expect(validateBillingRow(header, ['KA1', '2026-13', '-5', '', '', '', ''], 4).issues).toEqual([
      { line: 4, field: 'month', reason: 'no month 13' },
      { line: 4, field: 'revenue', reason: 'must not be negative' },
    ]);
    expect(validateBillingRow(header, ['KA1', '2026-01', '100', '60', '50', '', ''], 5).issues).toEqual([
      {
        line: 5,
        field: 'revenue',
        reason: 'the product families add up to 110.00, more than the revenue 100.00',
      },
    ]);
  });
});

describe('validateSatisfactionRow', () => {
  const header = resolveHeader('satisfaction', [
    'customerCode',
    'period',
    '满意度',
    '竞争对手满意度',
    '钱包份额',
  ]);
  it('accepts percentages for the share of wallet and checks ranges', () => {
    expect(validateSatisfactionRow(header, ['KA1', '2026-07', '86', '', '65%'], 2).row).toEqual({
      customerCode: 'KA1',
      period: '2026-07-01',
      satisfaction: 86,
      competitorSatisfaction: null,
      walletShare: 0.65,
    });
    expect(validateSatisfactionRow(header, ['KA1', '2026-07', '101', '', '1.5'], 3).issues).toEqual([
      { line: 3, field: 'satisfaction', reason: 'must be at most 100' },
      { line: 3, field: 'walletShare', reason: 'must be at most 1' },
    ]);
    expect(validateSatisfactionRow(header, ['KA1', '2026-07', '', '', ''], 4).issues[0]?.field).toBe(
      'satisfaction',
    );
  });
});

describe('validateIndicatorRow', () => {
  const header = resolveHeader('indicators', ['客户编码', '期间', '指标', '值']);
  it.each([
    [['KA1', '2026-10', 'reciprocity', '4'], { indicator: 'reciprocity', value: 4 }],
    [['KA1', '2026-10', '价格敏感度', '2'], { indicator: 'priceSensitivity', value: 2 }],
    [['KA1', '2026-10', 'demandForecast', '1200000.50'], { indicator: 'demandForecast', value: 120000050 }],
    [['KA1', '2026-10', 'servicesmovedout', '1'], { indicator: 'servicesMovedOut', value: 1 }],
  ])('%j → %j', (cells, expected) => {
    expect(validateIndicatorRow(header, cells, 2).row).toEqual({
      customerCode: 'KA1',
      period: '2026-10-01',
      ...expected,
    });
  });

  it.each([
    [['KA1', '2026-10', 'reciprocity', '7'], 'value', 'Must be an integer from 1 to 5'],
    [['KA1', '2026-10', 'socialInfluence', '0'], 'value', 'Must be an integer from 1 to 5'],
    [['KA1', '2026-10', 'charm', '3'], 'indicator', "unknown indicator 'charm'"],
    [
      ['KA1', '2026-10', 'avgMonthlyRevenue', '3'],
      'indicator',
      'avgMonthlyRevenue comes from billing data and is not entered',
    ],
    [['KA1', '2026-10', 'servicesMovedOut', '-1'], 'value', 'Must be a non-negative integer'],
  ])('%j is refused on %s', (cells, field, reason) => {
    expect(validateIndicatorRow(header, cells, 9).issues).toEqual([{ line: 9, field, reason }]);
  });
});
