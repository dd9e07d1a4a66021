import { z } from 'zod';
import { isValidDate } from '../../domain/calendar/dates.ts';
import { pageQuery } from '../../http/list.ts';
import { serviceLevelView } from '../agreements/agreements.schema.ts';

/** Product families of a circuit or service instance. */
export const CIRCUIT_PRODUCTS = [
  'digital_circuit',
  'data_circuit',
  'ddn',
  'fr_atm',
  'dedicated_internet',
  'broadband',
  'idc',
  'fixed_line',
  'other',
] as const;

/** 本地 / 省内 / 省际. */
export const CIRCUIT_SCOPES = ['local', 'in_province', 'inter_province'] as const;

const day = z.string().refine(isValidDate, 'a real calendar day YYYY-MM-DD');

export const customerIdParams = z.strictObject({ id: z.uuid() });

export const listCircuitsQuery = z.strictObject({
  ...pageQuery,
  q: z.string().trim().min(1).max(100).optional(),
  customerId: z.uuid().optional(),
});

export const createCircuitBody = z.strictObject({
  circuitNumber: z
    .string()
    .trim()
    .min(3)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9\-_/.]*$/, 'letters, digits and - _ / . only'),
  customerId: z.uuid(),
  product: z.enum(CIRCUIT_PRODUCTS),
  scope: z.enum(CIRCUIT_SCOPES),
  bandwidthMbps: z.number().int().min(0).max(1_000_000).optional(),
  aEnd: z.string().trim().min(1).max(200).optional(),
  zEnd: z.string().trim().min(1).max(200).optional(),
  activatedOn: day.optional(),
});

export const lookupQuery = z.strictObject({ q: z.string().trim().min(2, 'at least 2 characters').max(100) });

export const circuitView = z.object({
  id: z.string(),
  circuitNumber: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  product: z.string(),
  scope: z.string(),
  bandwidthMbps: z.number().nullable(),
  aEnd: z.string().nullable(),
  zEnd: z.string().nullable(),
  activatedOn: z.string().nullable(),
  status: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The level of the SLA agreement in force covering the circuit (issue 6), null when none. */
  serviceLevel: serviceLevelView.nullable(),
});

export const lookupView = z.object({
  customer: z.object({
    id: z.string(),
    name: z.string(),
    creditCode: z.string().nullable(),
    tier: z.string().nullable(),
    stars: z.number().nullable(),
    groupClass: z.string().nullable(),
    regionCode: z.string(),
    regionName: z.string().nullable(),
    accountManagerId: z.string().nullable(),
    accountManagerName: z.string().nullable(),
  }),
  matchedBy: z.enum(['name', 'code', 'phone', 'circuit']),
  matched: z.string(),
  circuits: z.array(
    z.object({
      id: z.string(),
      circuitNumber: z.string(),
      product: z.string(),
      scope: z.string(),
      bandwidthMbps: z.number().nullable(),
      serviceLevel: serviceLevelView.nullable(),
    }),
  ),
  openTickets: z.number(),
});
