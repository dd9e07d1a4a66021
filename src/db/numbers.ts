/** The next human document number from a database sequence (see src/domain/numbers.ts). */
import { sql } from 'drizzle-orm';
import { formatDocumentNumber } from '../domain/numbers.ts';
import type { Executor } from './database.ts';

export type NumberSequence = 'product_order_seq' | 'sla_agreement_seq' | 'compensation_slip_seq';

export async function nextDocumentNumber(
  ex: Executor,
  sequence: NumberSequence,
  prefix: string,
  at: Date,
): Promise<string> {
  const result = (await ex.execute(sql`select nextval(${sequence}::regclass)::int as n`)) as unknown as {
    rows: { n: number }[];
  };
  const n = result.rows[0]?.n;
  if (n === undefined) throw new Error(`sequence ${sequence} returned nothing`);
  return formatDocumentNumber(prefix, at, n);
}
