/** zod shapes of the customers REST API (contracts.md "Customers REST"). */
import { z } from 'zod';
import { isValidDate } from '../../domain/calendar/dates.ts';
import { sortQuery } from '../../http/list.ts';

const day = z.string().refine(isValidDate, { message: 'must be a real calendar date YYYY-MM-DD' });
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** Fields of the profile that a create or an update may set. */
const profileFields = {
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,32}$/, 'letters, digits, _ . -; 1–32 characters'),
  name: text(200),
  // The check digit is checked by the domain rule so the message is the GB 32100 one.
  creditCode: z.string().trim().max(40).nullable(),
  industry: z.string().trim().min(1).max(4),
  regionCode: text(32),
  parentId: z.uuid().nullable(),
  isHeadquarters: z.boolean(),
  customerSince: day.nullable(),
  address: optionalText(500),
  phone: optionalText(40),
  employees: z.number().int().min(0).max(10_000_000).nullable(),
  strategyNotes: optionalText(5000),
  financialNotes: optionalText(5000),
  orgStructure: optionalText(5000),
};

export const createCustomerBody = z.strictObject({
  code: profileFields.code,
  name: profileFields.name,
  creditCode: profileFields.creditCode.optional(),
  industry: profileFields.industry,
  regionCode: profileFields.regionCode,
  parentId: profileFields.parentId.optional(),
  isHeadquarters: profileFields.isHeadquarters.optional(),
  accountManagerId: z.uuid().nullable().optional(),
  customerSince: profileFields.customerSince.optional(),
  address: profileFields.address,
  phone: profileFields.phone,
  employees: profileFields.employees.optional(),
  strategyNotes: profileFields.strategyNotes,
  financialNotes: profileFields.financialNotes,
  orgStructure: profileFields.orgStructure,
});
export type CreateCustomerBody = z.infer<typeof createCustomerBody>;

export const updateCustomerBody = z.strictObject({
  version: z.number().int().min(1),
  reason: z.string().trim().max(500).optional(),
  code: profileFields.code.optional(),
  name: profileFields.name.optional(),
  creditCode: profileFields.creditCode.optional(),
  industry: profileFields.industry.optional(),
  regionCode: profileFields.regionCode.optional(),
  parentId: profileFields.parentId.optional(),
  isHeadquarters: profileFields.isHeadquarters.optional(),
  customerSince: profileFields.customerSince.optional(),
  address: profileFields.address,
  phone: profileFields.phone,
  employees: profileFields.employees.optional(),
  strategyNotes: profileFields.strategyNotes,
  financialNotes: profileFields.financialNotes,
  orgStructure: profileFields.orgStructure,
  status: z.enum(['active', 'inactive']).optional(),
});
export type UpdateCustomerBody = z.infer<typeof updateCustomerBody>;

export const transferBody = z.strictObject({
  accountManagerId: z.uuid(),
  reason: text(500),
});

export const CUSTOMER_SORTS = [
  'name',
  'code',
  'tier',
  'industry',
  'regionCode',
  'createdAt',
  'updatedAt',
  'customerSince',
] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

/** Lists: limit default 20, max 200 (contracts.md). */
export const listPage = {
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
};

export const listCustomersQuery = z.strictObject({
  ...listPage,
  sort: sortQuery(CUSTOMER_SORTS, 'name'),
  q: z.string().trim().max(100).optional(),
  tier: z.enum(['1A', '2A', '3A', '4A', '5A', 'none']).optional(),
  industry: z.string().trim().min(1).max(4).optional(),
  regionCode: z.string().trim().min(1).max(32).optional(),
  accountManagerId: z.uuid().optional(),
  groupClass: z.enum(['A', 'B', 'C']).optional(),
  parentId: z.uuid().optional(),
  status: z.enum(['active', 'inactive']).optional(),
});
export type ListCustomersQuery = z.infer<typeof listCustomersQuery>;

export const customerIdParams = z.strictObject({ id: z.uuid() });
export const contactIdParams = z.strictObject({ id: z.uuid(), contactId: z.uuid() });

export const customerView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  creditCode: z.string().nullable(),
  industry: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  parentId: z.string().nullable(),
  parentName: z.string().nullable(),
  isHeadquarters: z.boolean(),
  accountManagerId: z.string().nullable(),
  accountManagerName: z.string().nullable(),
  tier: z.string().nullable(),
  stars: z.number().int().nullable(),
  groupClass: z.string().nullable(),
  tierEffectiveDate: z.string().nullable(),
  customerSince: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  employees: z.number().int().nullable(),
  strategyNotes: z.string().nullable(),
  financialNotes: z.string().nullable(),
  orgStructure: z.string().nullable(),
  status: z.enum(['active', 'inactive']),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  memberCount: z.number().int(),
  latestTotal: z.number().nullable(),
});
export type CustomerView = z.infer<typeof customerView>;

const hierarchyNode: z.ZodType<HierarchyNodeView> = z.lazy(() =>
  z.object({
    id: z.string().nullable().describe('null for a customer outside the caller’s scope'),
    code: z.string().nullable(),
    name: z.string().nullable(),
    tier: z.string().nullable(),
    isHeadquarters: z.boolean(),
    visible: z.boolean(),
    hiddenCount: z.number().int().describe('out-of-scope customers this node stands for'),
    children: z.array(hierarchyNode),
  }),
);
type HierarchyNodeView = {
  id: string | null;
  code: string | null;
  name: string | null;
  tier: string | null;
  isHeadquarters: boolean;
  visible: boolean;
  hiddenCount: number;
  children: HierarchyNodeView[];
};

export const hierarchyView = z.object({
  ancestors: z.array(
    z.object({
      id: z.string().nullable(),
      code: z.string().nullable(),
      name: z.string().nullable(),
      visible: z.boolean(),
    }),
  ),
  root: hierarchyNode,
});

export const transferView = z.object({
  id: z.number().int(),
  at: z.string(),
  actorName: z.string().describe('who transferred'),
  from: z.object({ id: z.string().nullable(), name: z.string().nullable() }),
  to: z.object({ id: z.string().nullable(), name: z.string().nullable() }),
  reason: z.string().nullable(),
  moved: z.object({ tickets: z.number().int(), orders: z.number().int(), tasks: z.number().int() }),
});
export type TransferView = z.infer<typeof transferView>;

export const CONTACT_ROLES = ['core', 'important', 'ordinary'] as const;

export const contactBody = z.strictObject({
  name: text(100),
  position: optionalText(100),
  role: z.enum(CONTACT_ROLES).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\- ()]{3,40}$/, 'digits, spaces and + - ( ) only')
    .nullable()
    .optional(),
  email: z.email().nullable().optional(),
  birthday: day.nullable().optional(),
  notes: optionalText(2000),
});
export type ContactBody = z.infer<typeof contactBody>;
export const contactPatchBody = contactBody.partial();
export type ContactPatchBody = z.infer<typeof contactPatchBody>;

export const contactView = z.object({
  id: z.string(),
  customerId: z.string(),
  name: z.string(),
  position: z.string().nullable(),
  role: z.enum(CONTACT_ROLES),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  birthday: z.string().nullable(),
  notes: z.string().nullable(),
});
export type ContactView = z.infer<typeof contactView>;

export const NOTE_KINDS = ['event', 'competitor', 'strategy', 'finance'] as const;

export const noteBody = z.strictObject({
  kind: z.enum(NOTE_KINDS),
  day,
  title: text(200),
  body: optionalText(10_000),
  competitor: optionalText(100),
});
export type NoteBody = z.infer<typeof noteBody>;
export const notesQuery = z.strictObject({ kind: z.enum(NOTE_KINDS).optional() });

export const noteView = z.object({
  id: z.string(),
  kind: z.enum(NOTE_KINDS),
  day: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  competitor: z.string().nullable(),
  authorName: z.string().nullable(),
  createdAt: z.string(),
});
export type NoteView = z.infer<typeof noteView>;

export const billingQuery = z.strictObject({
  months: z.coerce.number().int().min(1).max(120).default(24),
});

export const billingMonthView = z.object({
  month: z.string(),
  revenueFen: z.number().int(),
  voiceFen: z.number().int(),
  dataFen: z.number().int(),
  bandwidthFen: z.number().int(),
  newServicesFen: z.number().int(),
  idcFen: z.number().int(),
  drivenFen: z.number().int().nullable(),
  arrearsMonths: z.number().int(),
  dedicatedCostFen: z.number().int(),
  newServicesCount: z.number().int(),
});

export const industryView = z.object({ code: z.string(), zh: z.string(), en: z.string() });
export const accountManagerView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  regionCode: z.string().nullable(),
});
