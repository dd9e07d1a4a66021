import { z } from 'zod';
import { BUDGET_LEVELS, LEDGER_KINDS, RESOURCE_KINDS } from '../../domain/resources/kinds.ts';
import { BUDGET_PERIODS } from '../../domain/resources/periods.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day YYYY-MM-DD');
const oneOf = (values: readonly string[], what: string) => ({
  error: (issue: { input?: unknown }) =>
    `unknown ${what} '${String(issue.input)}'; one of ${values.join(', ')}`,
});

export const resourceCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'letters, digits, _ or -, at most 40');
const serviceItemCode = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'a service item code (snake_case)');
const level = z.enum(BUDGET_LEVELS, oneOf(BUDGET_LEVELS, 'level'));
const period = z.enum(BUDGET_PERIODS, oneOf(BUDGET_PERIODS, 'period'));
const kind = z.enum(RESOURCE_KINDS, oneOf(RESOURCE_KINDS, 'kind'));
const reason = z.string().trim().min(1, 'say why').max(500);

export const idParams = z.strictObject({ id: z.uuid() });

export const listResourcesQuery = z.strictObject({
  kind: kind.optional(),
  active: z.enum(['true', 'false']).optional(),
  serviceItemCode: serviceItemCode.optional(),
});

const resourceFields = {
  name: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100),
  kind,
  unit: z.string().trim().min(1).max(10),
  unitCostFen: z.number().int().min(0).max(100_000_000_000),
  serviceItemCodes: z.array(serviceItemCode).max(50),
  description: z.string().trim().max(1000).nullable(),
  active: z.boolean(),
};

export const createResourceBody = z.strictObject({
  code: resourceCode,
  ...resourceFields,
  serviceItemCodes: resourceFields.serviceItemCodes.default([]),
  description: resourceFields.description.optional(),
  active: resourceFields.active.default(true),
});

export const updateResourceBody = z
  .strictObject({
    name: resourceFields.name.optional(),
    nameEn: resourceFields.nameEn.optional(),
    kind: resourceFields.kind.optional(),
    unit: resourceFields.unit.optional(),
    unitCostFen: resourceFields.unitCostFen.optional(),
    serviceItemCodes: resourceFields.serviceItemCodes.optional(),
    description: resourceFields.description.optional(),
    active: resourceFields.active.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'name at least one field to change');

export const listBudgetsQuery = z.strictObject({
  resourceCode: resourceCode.optional(),
  level: level.optional(),
  period: period.optional(),
  /** `2026-03`, `2026-Q1` or `2026`; without it, the budgets in force on `date` (default today). */
  periodKey: z.string().trim().max(10).optional(),
  date: day.optional(),
});

export const setBudgetBody = z.strictObject({
  resourceCode,
  level,
  period,
  periodKey: z.string().trim().min(1).max(10),
  quantity: z.number().int('a whole number').min(0, 'not negative').max(10_000_000),
});

const periodKeyField = z.string().trim().min(1).max(10);

export const copyBudgetsBody = z.strictObject({
  /** `2026-03`, `2026-Q1` or `2026`: the period whose budgets are copied. */
  fromPeriodKey: periodKeyField,
  /** A key of the same kind (month → month …): the period that receives them. */
  toPeriodKey: periodKeyField,
});

export const copyBudgetsView = z.object({
  period: z.string(),
  fromPeriodKey: z.string(),
  toPeriodKey: z.string(),
  /** Budgets created in the target period (used 0). */
  created: z.number(),
  /** Budgets the target period already had, left as they were. */
  skipped: z.number(),
});

export const adjustBudgetBody = z.strictObject({
  quantity: z
    .number()
    .int('a whole number')
    .min(-10_000_000)
    .max(10_000_000)
    .refine((q) => q !== 0, 'not 0'),
  reason,
});

export const issueBody = z.strictObject({
  resourceCode,
  customerId: z.uuid(),
  quantity: z.number().int('a whole number').min(1, 'at least 1').max(100_000),
  reason,
  contactId: z.uuid().optional(),
  taskId: z.number().int().positive().optional(),
});

export const returnBody = z.strictObject({
  quantity: z.number().int('a whole number').min(1, 'at least 1').max(100_000).optional(),
  reason,
});

export const listLedgerQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  kind: z.enum(LEDGER_KINDS, oneOf(LEDGER_KINDS, 'kind')).optional(),
  resourceCode: resourceCode.optional(),
  customerId: z.uuid().optional(),
  level: level.optional(),
  /** Entries dated in this month, quarter or year. */
  periodKey: z.string().trim().max(10).optional(),
  from: day.optional(),
  to: day.optional(),
  regionCode: z.string().trim().min(1).max(32).optional(),
});

export const customerResourcesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const resourceView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  kind: z.string(),
  unit: z.string(),
  unitCostFen: z.number(),
  serviceItemCodes: z.array(z.string()),
  description: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const budgetView = z.object({
  id: z.string(),
  resourceId: z.string(),
  resourceCode: z.string(),
  resourceName: z.string(),
  resourceNameEn: z.string(),
  resourceKind: z.string(),
  unit: z.string(),
  unitCostFen: z.number(),
  level: z.string(),
  period: z.string(),
  periodKey: z.string(),
  quantity: z.number(),
  used: z.number(),
  remaining: z.number(),
  budgetAmountFen: z.number(),
  usedAmountFen: z.number(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string(),
});

export const ledgerView = z.object({
  id: z.string(),
  kind: z.string(),
  resourceId: z.string(),
  resourceCode: z.string(),
  resourceName: z.string(),
  resourceNameEn: z.string(),
  resourceKind: z.string(),
  unit: z.string(),
  customerId: z.string().nullable(),
  customerCode: z.string().nullable(),
  customerName: z.string().nullable(),
  level: z.string(),
  issueDate: z.string(),
  periodKeys: z.array(z.string()),
  budgetIds: z.array(z.string()),
  quantity: z.number(),
  unitCostFen: z.number(),
  amountFen: z.number(),
  reason: z.string(),
  contactId: z.string().nullable(),
  contactName: z.string().nullable(),
  taskId: z.number().nullable(),
  returnOf: z.string().nullable(),
  returnedQuantity: z.number(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  actorDisplayName: z.string().nullable(),
  at: z.string(),
});

export const issueView = ledgerView.extend({
  /** How many more the customer's level may still receive in the tightest budget drawn. */
  remaining: z.number(),
});

export const customerResourcesView = z.object({
  customerId: z.string(),
  levels: z.array(z.string()),
  totals: z.array(
    z.object({
      resourceId: z.string(),
      resourceCode: z.string(),
      resourceName: z.string(),
      resourceNameEn: z.string(),
      resourceKind: z.string(),
      unit: z.string(),
      issued: z.number(),
      returned: z.number(),
      net: z.number(),
      amountFen: z.number(),
    }),
  ),
  /** The budgets in force today for the customer's levels: what may still be issued. */
  available: z.array(budgetView),
  entries: z.array(ledgerView),
});
