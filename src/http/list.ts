/**
 * List conventions shared by every collection endpoint: `limit` (1–500, default 50), `offset`,
 * `sort` (comma-separated fields, `-` for descending, each from an allowed list) and the
 * `X-Total-Count` header.
 */
import { type AnyColumn, asc, desc, type SQL } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
};

/** A `sort` parameter accepting only the given field names. */
export function sortQuery<const F extends string>(fields: readonly F[], fallback: string) {
  return z
    .string()
    .default(fallback)
    .refine(
      (value) =>
        value.split(',').every((part) => (fields as readonly string[]).includes(part.replace(/^[-+]/, ''))),
      { message: `sort by ${fields.join(', ')} (prefix - for descending)` },
    );
}

/** ORDER BY terms for a validated sort string. */
export function orderBy(sort: string, columns: Record<string, AnyColumn>): SQL[] {
  return sort.split(',').map((part) => {
    const column = columns[part.replace(/^[-+]/, '')]!;
    return part.startsWith('-') ? desc(column) : asc(column);
  });
}

export function withTotal<T>(reply: FastifyReply, total: number, items: T[], estimated = false): T[] {
  reply.header('X-Total-Count', String(total));
  if (estimated) reply.header('X-Total-Count-Estimated', 'true');
  reply.header('X-Result-Count', String(items.length));
  return items;
}
