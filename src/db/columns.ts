/**
 * Column helpers shared by every table definition.
 */
import { timestamp } from 'drizzle-orm/pg-core';

/** A point in time: `timestamptz`, read as a `Date`. */
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A `timestamptz` as either driver reads it (a `Date`, or a string from raw SQL) → UTC ISO. */
export function isoOf(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return new Date(String(value)).toISOString();
}

/** `isoOf`, with null for null, undefined and an invalid `Date`. */
export function isoOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date && Number.isNaN(value.getTime())) return null;
  return isoOf(value);
}
