import { describe, expect, it } from 'vitest';
import { PROVISIONING_CLASS_TABLE } from '../orders/provisioning-class.ts';
import { formatYuan, percentOfFen } from './money.ts';
import { pricedOneTimeFee, provisioningCompensation } from './provisioning.ts';

describe('the provisioning class table (seed 001)', () => {
  it('has the seed numbers', () => {
    expect(PROVISIONING_CLASS_TABLE.express.workingDays).toEqual({ digital_circuit: 5, ddn: 8, fr_atm: 8 });
    expect(PROVISIONING_CLASS_TABLE.urgent.workingDays).toEqual({ digital_circuit: 10, ddn: 13, fr_atm: 13 });
    expect(PROVISIONING_CLASS_TABLE.normal.workingDays).toEqual({ digital_circuit: 20, ddn: 20, fr_atm: 20 });
    expect([150, 130, 100]).toEqual([
      PROVISIONING_CLASS_TABLE.express.feePercent,
      PROVISIONING_CLASS_TABLE.urgent.feePercent,
      PROVISIONING_CLASS_TABLE.normal.feePercent,
    ]);
  });
});

describe('provisioningCompensation', () => {
  it.each([
    // class, fee, overdue days, expected amount
    ['express', 300_000, 3, 45_000],
    ['urgent', 260_000, 1, 13_000],
    ['normal', 100_000, 4, 8_000],
    ['normal', 100_000, 0, 0],
  ] as const)('%s fee %i fen, %i wd late → %i fen', (cls, fee, days, amount) => {
    expect(
      provisioningCompensation({ provisioningClass: cls, oneTimeFeeFen: fee, overdueWorkingDays: days })
        .amountFen,
    ).toBe(amount);
  });

  it('is capped at the whole one-time fee (express: from the 20th working day)', () => {
    const c = provisioningCompensation({
      provisioningClass: 'express',
      oneTimeFeeFen: 150_000,
      overdueWorkingDays: 25,
    });
    expect(c).toMatchObject({ amountFen: 150_000, uncappedFen: 187_500, capped: true });
    const n = provisioningCompensation({
      provisioningClass: 'normal',
      oneTimeFeeFen: 150_000,
      overdueWorkingDays: 50,
    });
    expect(n).toMatchObject({ amountFen: 150_000, capped: false });
  });

  it('gives nothing without a class', () => {
    expect(
      provisioningCompensation({ provisioningClass: null, oneTimeFeeFen: 99_999, overdueWorkingDays: 9 })
        .amountFen,
    ).toBe(0);
  });

  it('refuses fractional fen and negative days', () => {
    expect(() =>
      provisioningCompensation({ provisioningClass: 'normal', oneTimeFeeFen: 10.5, overdueWorkingDays: 1 }),
    ).toThrow(RangeError);
    expect(() =>
      provisioningCompensation({ provisioningClass: 'normal', oneTimeFeeFen: 100, overdueWorkingDays: -1 }),
    ).toThrow(RangeError);
  });
});

describe('the rounding rule: half up to the fen', () => {
  it('rounds an exact half up and anything below down', () => {
    expect(percentOfFen(10_010, 5, 100)).toBe(501); // 500.5
    expect(percentOfFen(10_009, 5, 100)).toBe(500); // 500.45
    expect(percentOfFen(1, 1, 3)).toBe(0);
    expect(percentOfFen(2, 1, 3)).toBe(1);
  });
  it('prices the one-time fee by class', () => {
    expect(pricedOneTimeFee(200_000, 'express')).toBe(300_000);
    expect(pricedOneTimeFee(200_000, 'urgent')).toBe(260_000);
    expect(pricedOneTimeFee(200_001, 'urgent')).toBe(260_001); // 260001.3
    expect(pricedOneTimeFee(200_000, null)).toBe(200_000);
  });
  it('formats yuan', () => {
    expect(formatYuan(123_456_789)).toBe('1,234,567.89');
    expect(formatYuan(5)).toBe('0.05');
  });
});
