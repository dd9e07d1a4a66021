import { z } from 'zod';
import { isValidDate } from '../../domain/calendar/dates.ts';

export const dateParam = z
  .string()
  .refine(isValidDate, { message: 'must be a real calendar date YYYY-MM-DD' });

export const regionParam = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,32}$/, 'a region code: letters, digits and -')
  .optional();

const nonNegativeInt = (max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a non-negative integer')
    .transform(Number)
    .refine((n) => n <= max, { message: `must be at most ${max}` });

export const addQuery = z.strictObject({
  from: dateParam,
  days: nonNegativeInt(36_500),
  region: regionParam,
});
export const addResponse = z.object({ date: z.string(), provisional: z.boolean() });

export const countQuery = z.strictObject({ from: dateParam, to: dateParam, region: regionParam });
export const countResponse = z.object({ count: z.number().int(), provisional: z.boolean() });

export const daysQuery = z.strictObject({
  year: z
    .string()
    .regex(/^\d{4}$/, 'a four-digit year')
    .transform(Number),
  region: regionParam,
});

export const dayInfo = z.object({
  date: z.string(),
  workday: z.boolean(),
  kind: z.enum(['workday', 'weekend', 'holiday', 'makeupWorkday']),
  name: z.string().nullable(),
  provisional: z.boolean(),
  regional: z.boolean(),
});

export const daysResponse = z.object({ year: z.number(), provisional: z.boolean(), items: z.array(dayInfo) });

export const yearsQuery = z.strictObject({ region: regionParam });
export const yearsResponse = z.object({
  horizon: z.object({ firstYear: z.number().nullable(), lastYear: z.number().nullable() }),
  items: z.array(
    z.object({
      year: z.number(),
      region: z.string().nullable(),
      source: z.string().nullable(),
      entryCount: z.number(),
      importedAt: z.string(),
    }),
  ),
});

const clockQuery = z
  .string()
  .regex(
    /^(24x7|businessHours|(\d\d:\d\d-\d\d:\d\d)(,\d\d:\d\d-\d\d:\d\d)*)$/,
    '24x7, businessHours or windows like 08:30-12:00,13:30-17:30',
  )
  .default('24x7');

export const deadlineQuery = z
  .strictObject({
    startAt: z.iso.datetime({ offset: true }),
    workdays: nonNegativeInt(36_500).optional(),
    minutes: nonNegativeInt(10_000_000).optional(),
    clock: clockQuery,
    region: regionParam,
  })
  .refine((q) => (q.workdays === undefined) !== (q.minutes === undefined), {
    message: 'give exactly one of workdays or minutes',
    path: ['workdays'],
  });

export const deadlineResponse = z.object({
  dueAt: z.string(),
  dueDate: z.string(),
  provisional: z.boolean(),
});

export const importQuery = z.strictObject({ region: regionParam });
export const importResponse = z.object({
  year: z.number(),
  region: z.string().nullable(),
  entryCount: z.number(),
  recomputedDeadlines: z.number(),
  /** After the commit, per owner: e.g. `ticketClocks` — open tickets whose clocks were recomputed (null: left to its job). */
  recomputed: z.record(z.string(), z.number().nullable()),
});
