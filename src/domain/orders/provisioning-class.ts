/**
 * Provisioning classes (SLA 进网服务保证, seed 001; PRODUCT.md §5): the one table that sets a line's
 * due date in working days, the surcharge on its one-time fee, and the compensation for each
 * working day it is late.
 *
 * | class | digital circuit | DDN | FR/ATM | one-time fee | per overdue wd | cap |
 * |---|---|---|---|---|---|---|
 * | express 特急 | 5 | 8 | 8 | 150 % | 5 % | the whole one-time fee |
 * | urgent 加急 | 10 | 13 | 13 | 130 % | 5 % | the whole one-time fee |
 * | normal 普通 | 20 | 20 | 20 | 100 % | 2 % | the whole one-time fee |
 */

export const PROVISIONING_CLASSES = ['express', 'urgent', 'normal'] as const;
export type ProvisioningClass = (typeof PROVISIONING_CLASSES)[number];

/** The products the class table names (others take their due date from the entitlements). */
export const CLASS_PRODUCTS = ['digital_circuit', 'ddn', 'fr_atm'] as const;
export type ClassProduct = (typeof CLASS_PRODUCTS)[number];

export type ProvisioningClassTerms = {
  nameZh: string;
  /** Working days to provision, per product of the table. */
  workingDays: Record<ClassProduct, number>;
  /** The priced one-time fee as a percentage of the list fee. */
  feePercent: number;
  /** Compensation per overdue working day, as a percentage of the priced one-time fee. */
  compensationPercentPerDay: number;
};

export const PROVISIONING_CLASS_TABLE: Record<ProvisioningClass, ProvisioningClassTerms> = {
  express: {
    nameZh: '特急',
    workingDays: { digital_circuit: 5, ddn: 8, fr_atm: 8 },
    feePercent: 150,
    compensationPercentPerDay: 5,
  },
  urgent: {
    nameZh: '加急',
    workingDays: { digital_circuit: 10, ddn: 13, fr_atm: 13 },
    feePercent: 130,
    compensationPercentPerDay: 5,
  },
  normal: {
    nameZh: '普通',
    workingDays: { digital_circuit: 20, ddn: 20, fr_atm: 20 },
    feePercent: 100,
    compensationPercentPerDay: 2,
  },
};

export function isProvisioningClass(value: unknown): value is ProvisioningClass {
  return typeof value === 'string' && (PROVISIONING_CLASSES as readonly string[]).includes(value);
}

export function isClassProduct(value: unknown): value is ClassProduct {
  return typeof value === 'string' && (CLASS_PRODUCTS as readonly string[]).includes(value);
}
