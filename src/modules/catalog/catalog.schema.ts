/**
 * Request and response shapes of the service catalog and entitlement endpoints (PRODUCT.md §4).
 * A catalog document in a request is checked by the domain's `assertCatalog`, which names every
 * problem (`document.standards[3].itemCode`) under CATALOG_INVALID; the zod shapes below describe
 * documents in answers.
 */
import { z } from 'zod';
import {
  ACTION_KINDS,
  CHANNELS,
  CONTACT_ROLES,
  PERIODS,
  SERVICE_ATTRIBUTES,
  SERVICE_CATEGORIES,
  SERVICE_NEEDS,
  SERVICE_SCOPES,
} from '../../domain/catalog/types.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day YYYY-MM-DD');
const instant = z.iso.datetime({ offset: true });
const level = z.string().describe('5A…1A, A/B/C or basic');

export const serviceTimeView = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('workdays'), days: z.number() }),
  z.object({ kind: z.literal('hours'), hours: z.number(), clock: z.enum(['24x7', 'business']) }),
  z.object({ kind: z.literal('days'), days: z.number() }),
  z.object({ kind: z.literal('on_demand') }),
  z.object({ kind: z.literal('as_agreed') }),
]);

export const frequencyView = z.object({ times: z.number(), period: z.enum(PERIODS) });

export const serviceItemView = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  category: z.enum(SERVICE_CATEGORIES),
  attribute: z.enum(SERVICE_ATTRIBUTES),
  need: z.enum(SERVICE_NEEDS),
  description: z.string().nullable().optional(),
  products: z.array(z.string()).optional(),
  scoped: z.boolean().optional(),
});

export const standardView = z.object({
  itemCode: z.string(),
  level,
  product: z.string().nullable().optional(),
  scope: z.enum(SERVICE_SCOPES).nullable().optional(),
  contactRole: z.enum(CONTACT_ROLES).nullable().optional(),
  provided: z.boolean(),
  responseTime: serviceTimeView.nullable(),
  targetPercent: z.number().nullable().optional(),
  frequency: frequencyView.nullable(),
  degree: z.string().nullable(),
  coverage: z.string().nullable(),
  wording: z.string(),
});

export const actionView = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  level,
  kind: z.enum(ACTION_KINDS),
  schedule: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('periodic'), period: z.enum(PERIODS), times: z.number() }),
    z.object({ kind: z.literal('holiday') }),
    z.object({ kind: z.literal('birthday'), contactRoles: z.array(z.enum(CONTACT_ROLES)) }),
  ]),
  itemCode: z.string().nullable().optional(),
  owner: z.literal('account_manager'),
});

export const channelRuleView = z.object({
  channel: z.enum(CHANNELS),
  itemCode: z.string(),
  levels: z.array(level),
  role: z.enum(['primary', 'support']),
});

export const catalogDocumentView = z.object({
  items: z.array(serviceItemView),
  standards: z.array(standardView),
  actions: z.array(actionView),
  channels: z.array(channelRuleView),
});

const versionMeta = {
  version: z.number().int(),
  status: z.enum(['draft', 'published']),
  effectiveDate: z.string().nullable(),
  basedOn: z.number().int().nullable(),
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
};

export const catalogVersionView = z.object({ ...versionMeta, document: catalogDocumentView });
export type CatalogVersionView = z.infer<typeof catalogVersionView>;

export const catalogVersionSummaryView = z.object({
  ...versionMeta,
  /** The version in force today. */
  inForce: z.boolean(),
  counts: z.object({ items: z.number(), standards: z.number(), actions: z.number(), channels: z.number() }),
});
export type CatalogVersionSummaryView = z.infer<typeof catalogVersionSummaryView>;

const entryChange = <T extends z.ZodType>(entry: T) =>
  z.object({
    key: z.string(),
    change: z.enum(['added', 'removed', 'changed']),
    before: entry.nullable(),
    after: entry.nullable(),
    fields: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
  });

export const catalogDiffView = z.object({
  from: z.number().int(),
  to: z.union([z.number().int(), z.literal('draft')]),
  items: z.array(entryChange(serviceItemView)),
  standards: z.array(entryChange(standardView)),
  actions: z.array(entryChange(actionView)),
  channels: z.array(entryChange(channelRuleView)),
  counts: z.object({ added: z.number(), removed: z.number(), changed: z.number() }),
});

export const catalogQuery = z.strictObject({ date: day.optional() });

export const versionParams = z.strictObject({ version: z.coerce.number().int().positive() });

export const diffQuery = z.strictObject({
  from: z.coerce.number().int().positive(),
  to: z.union([z.literal('draft'), z.coerce.number().int().positive()]),
});

export const createDraftBody = z
  .strictObject({ basedOn: z.number().int().positive().optional() })
  .optional()
  .describe('basedOn: the version to copy (default: the version in force today)');

export const saveDraftBody = z.strictObject({
  /** Checked whole by the domain: CATALOG_INVALID names each field as `document.<path>`. */
  document: z.record(z.string(), z.unknown()),
});

export const publishBody = z.strictObject({
  effectiveDate: z.string().describe('YYYY-MM-DD, today or later in Asia/Shanghai'),
  note: z.string().trim().max(1000).optional(),
});

// ─── Entitlements ─────────────────────────────────────────────────────────────────────────────

export const customerParams = z.strictObject({ id: z.uuid() });
export const customerItemParams = z.strictObject({ id: z.uuid(), itemCode: z.string().min(1).max(64) });

export const entitlementsQuery = z.strictObject({ at: instant.optional() });

export const entitlementQuery = z.strictObject({
  product: z.string().min(1).max(64).optional(),
  scope: z.enum(SERVICE_SCOPES).optional(),
  contactRole: z.enum(CONTACT_ROLES).optional(),
  at: instant.optional(),
});

const deadlineRuleView = z.object({
  kind: z.enum(['workdays', 'clockMinutes']),
  startAt: z.string(),
  workdays: z.number().optional(),
  minutes: z.number().optional(),
  clock: z.record(z.string(), z.unknown()),
});

export const entitlementDeadlineView = z.object({
  rule: deadlineRuleView,
  dueAt: z.string(),
  dueDate: z.string(),
  provisional: z.boolean(),
});

const explanationStepView = z.object({
  rule: z.string(),
  level: z.string().nullable(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  message: z.string(),
});

export const entitlementView = z.object({
  itemCode: z.string(),
  product: z.string().nullable(),
  scope: z.string().nullable(),
  contactRole: z.string().nullable(),
  level: z.string().nullable(),
  standard: standardView.nullable(),
  provided: z.boolean(),
  responseTime: serviceTimeView.nullable(),
  targetPercent: z.number().nullable(),
  frequency: frequencyView.nullable(),
  degree: z.string().nullable(),
  coverage: z.string().nullable(),
  wording: z.string().nullable(),
  channels: z.array(z.object({ channel: z.enum(CHANNELS), role: z.enum(['primary', 'support']) })),
  explanation: z.array(explanationStepView),
  /** For a time limit: the due instant if the service were asked for at `at`. */
  deadline: entitlementDeadlineView.nullable(),
});

const subjectView = z.object({
  tier: z.string().nullable(),
  stars: z.number().nullable(),
  groupClass: z.string().nullable(),
  serviceTier: z.string().nullable(),
  regionCode: z.string(),
});

export const customerEntitlementsView = z.object({
  customerId: z.string(),
  customerName: z.string(),
  at: z.string(),
  catalogVersion: z.number().int(),
  subject: subjectView,
  items: z.array(
    z.object({
      item: serviceItemView,
      provided: z.boolean(),
      entries: z.array(entitlementView),
    }),
  ),
});

export const customerEntitlementView = z.object({
  customerId: z.string(),
  customerName: z.string(),
  at: z.string(),
  catalogVersion: z.number().int(),
  subject: subjectView,
  item: serviceItemView,
  entitlement: entitlementView,
});
