/**
 * One import = one transaction on the raw engine, so that rows can be bulk-loaded into a
 * temporary staging table: on PostgreSQL with `COPY … FROM STDIN` (pg-copy-streams) on the
 * transaction's own pooled client, on PGlite with `COPY … FROM '/dev/blob'`. The callback gets a
 * Drizzle executor bound to the same transaction for everything else (lookups, the final
 * `INSERT … SELECT … ON CONFLICT`, the import run and the audit entry).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database, Db } from '../../db/database.ts';
import * as schema from '../../db/schema.ts';

export type CopyValue = string | number | boolean | null;

export type ImportTx = {
  /** Drizzle on the import's transaction. */
  ex: Db;
  engine: Database['engine'];
  /** Bulk-loads rows into `table` (a staging table) with COPY in CSV format. */
  copyRows(table: string, columns: readonly string[], rows: readonly (readonly CopyValue[])[]): Promise<void>;
};

const IDENT = /^[a-z_][a-z0-9_]*$/;

function csvField(value: CopyValue): string {
  if (value === null) return '';
  const text = String(value);
  // Quote everything that is not null, so '' stays an empty string and not NULL.
  return `"${text.replaceAll('"', '""')}"`;
}

/** Rows as COPY CSV text: unquoted empty = NULL, quoted = the value. */
export function toCopyCsv(rows: readonly (readonly CopyValue[])[]): string {
  let out = '';
  for (const row of rows) out += `${row.map(csvField).join(',')}\n`;
  return out;
}

function copySql(table: string, columns: readonly string[], source: string): string {
  if (!IDENT.test(table) || !columns.every((c) => IDENT.test(c))) throw new Error('bad staging identifier');
  return `COPY ${table} (${columns.join(', ')}) FROM ${source} WITH (FORMAT csv)`;
}

/**
 * Runs `work` in one transaction on the engine's raw connection; commits when it returns,
 * rolls back when it throws.
 */
export async function withImportTransaction<T>(
  database: Database,
  work: (t: ImportTx) => Promise<T>,
): Promise<T> {
  if (database.engine === 'postgres') {
    if (!database.pool) throw new Error('PostgreSQL without a pool');
    const client = await database.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const ex = drizzleNodePg({ client, schema }) as unknown as Db;
      const result = await work({
        ex,
        engine: 'postgres',
        copyRows: async (table, columns, rows) => {
          if (rows.length === 0) return;
          const stream = client.query(copyFrom(copySql(table, columns, 'STDIN')));
          await pipeline(Readable.from([toCopyCsv(rows)]), stream);
        },
      });
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError as Error;
      }
      throw err;
    } finally {
      client.release(broken);
    }
  }
  const pglite = database.pglite as PGlite;
  return pglite.transaction(async (ptx: Transaction) => {
    const ex = drizzlePglite({ client: ptx as unknown as PGlite, schema }) as unknown as Db;
    return work({
      ex,
      engine: 'pglite',
      copyRows: async (table, columns, rows) => {
        if (rows.length === 0) return;
        await ptx.query(copySql(table, columns, "'/dev/blob'"), [], {
          blob: new Blob([toCopyCsv(rows)]),
        });
      },
    });
  });
}
