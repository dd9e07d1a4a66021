/**
 * One database handle for the whole process: embedded PGlite (default, data under
 * TIERLINE_DATA_DIR) or a PostgreSQL server (DATABASE_URL). Both are driven through Drizzle's
 * own driver for that engine; the rest of the code sees only `Db`, `Tx` and `Executor`.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { type ExtractTablesWithRelations, type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import * as schema from './schema.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything a query can run on: the database or an open transaction. */
export type Executor = Db | Tx;
export type Engine = 'pglite' | 'postgres';

export type Database = {
  db: Db;
  engine: Engine;
  /** The PGlite instance when embedded (for COPY FROM '/dev/blob' and dumps). */
  pglite: PGlite | null;
  /** The pg pool when on a server (for COPY via pg-copy-streams). */
  pool: pg.Pool | null;
  close(): Promise<void>;
};

// DATE (1082) stays a 'YYYY-MM-DD' string; pg would otherwise make a Date in the host time zone.
pg.types.setTypeParser(1082, (v: string) => v);
// int8 (count, bigserial) as number: our counts and ids stay far below 2^53.
pg.types.setTypeParser(20, (v: string) => Number(v));

/**
 * pg writes each message of a query (parse, bind, describe, execute, sync) to the socket on its
 * own: one or two system calls per message, the largest CPU cost of a short statement on
 * loopback. Corking the socket for the rest of the tick sends them in one write. This reaches
 * into pg's private `connection._send`; when a pg release changes it, the check below makes it a
 * no-op (slower, still correct).
 */
function coalesceWrites(client: pg.PoolClient): void {
  const connection = (client as unknown as { connection?: PgConnection }).connection;
  if (!connection || typeof connection._send !== 'function') return;
  const send = connection._send.bind(connection);
  let corked = false;
  connection._send = (buffer) => {
    const stream = connection.stream;
    if (!corked && stream.writable) {
      corked = true;
      stream.cork();
      process.nextTick(() => {
        corked = false;
        stream.uncork();
      });
    }
    return send(buffer);
  };
}

type PgConnection = {
  stream: { writable: boolean; cork(): void; uncork(): void };
  _send(buffer: Buffer): boolean;
};

/** Opens the PostgreSQL server at `url`. */
export function openPostgres(url: string, max = 10): Database {
  // Idle connections stay open for five minutes (pg's default is 10 s): a fresh server backend
  // spends its first statements loading catalog caches (≈ 40–50 ms for a ticket's creation
  // statements against ≈ 1 ms warm), which showed as the slowest requests whenever a burst
  // reopened connections the pool had just closed.
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 300_000 });
  // An idle pooled connection that the server ends (restart, DROP DATABASE … FORCE, an admin's
  // pg_terminate_backend) emits 'error' on the pool; unhandled, that would crash the process.
  // The pool has already discarded that client and the next query opens a fresh one.
  pool.on('error', () => {});
  pool.on('connect', coalesceWrites);
  const db = drizzleNodePg({ client: pool, schema }) as unknown as Db;
  return { db, engine: 'postgres', pglite: null, pool, close: () => pool.end() };
}

/** Wraps an open PGlite (in memory, a data dir, or loaded from a dump). */
export function wrapPglite(pglite: PGlite): Database {
  const db = drizzlePglite({ client: pglite, schema }) as unknown as Db;
  return {
    db,
    engine: 'pglite',
    pglite,
    pool: null,
    close: async () => {
      if (!pglite.closed) await pglite.close();
    },
  };
}

/** Opens the embedded database in `dataDir`, creating it on first use. */
export async function openPglite(dataDir: string): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({ dataDir: `${dataDir.replace(/\/$/, '')}/pgdata` });
  return wrapPglite(pglite);
}

/** Opens what the configuration names: the server when DATABASE_URL is set, else PGlite. */
export async function openDatabase(config: {
  DATABASE_URL?: string | undefined;
  TIERLINE_DATA_DIR: string;
}): Promise<Database> {
  if (config.DATABASE_URL) return openPostgres(config.DATABASE_URL);
  return openPglite(config.TIERLINE_DATA_DIR);
}

/** `column = any(<ids>)` with the ids as ONE text parameter (cheap to bind, whatever the count). */
export const anyUuid = (ids: readonly string[]): SQL =>
  sql`any(string_to_array(${ids.join(',')}, ',')::uuid[])`;

/** Runs raw SQL and returns its rows (both drivers answer `{ rows }`). */
export async function queryRows<T>(ex: Executor, query: SQL): Promise<T[]> {
  const result = (await ex.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** What Drizzle's `execute` does inside (`db.session`, `db.dialect`; the same on a transaction). */
type DrizzleInternals = {
  dialect?: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
  session?: {
    prepareQuery(
      query: { sql: string; params: unknown[] },
      fields: undefined,
      name: string | undefined,
      isResponseInArrayMode: boolean,
    ): { execute(values?: Record<string, unknown>): Promise<unknown> };
  };
};

/** Statement text → its name; the same text has the same name on every connection. */
const statementNames = new Map<string, string>();
/** Hot-path statements are few; past this many texts the rest run unnamed. */
const MAX_NAMED_STATEMENTS = 64;

/**
 * `queryRows` for the few statements of a hot path (ticket creation): on the server the statement
 * runs as a NAMED prepared statement, so each pooled connection parses it once and, after five
 * executions, PostgreSQL reuses a generic plan instead of planning it at every call (planning
 * was ≈ 0.9 ms of server CPU per ticket for the two creation statements, more than executing
 * them). The name follows the text, so a text that varies (a different scope condition) is a
 * different statement. Only for statements whose text takes a bounded number of forms; on PGlite
 * the name is ignored. Same rows and types as `queryRows`.
 */
export async function queryRowsPrepared<T>(ex: Executor, query: SQL): Promise<T[]> {
  const internals = ex as unknown as DrizzleInternals;
  if (!internals.dialect || !internals.session) return queryRows(ex, query);
  const built = internals.dialect.sqlToQuery(query);
  let name = statementNames.get(built.sql);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `tierline_${statementNames.size + 1}`;
    statementNames.set(built.sql, name);
  }
  const result = (await internals.session.prepareQuery(built, undefined, name, false).execute()) as {
    rows: T[];
  };
  return result.rows;
}

/** A statement of `preparedStatement`: runs it with values for its placeholders. */
export type PreparedStatement<V extends Record<string, unknown>> = <T>(
  ex: Executor,
  values: V,
) => Promise<T[]>;

/**
 * `queryRowsPrepared` for a statement whose text never changes, rendered ONCE: `query` names what
 * varies with `sql.placeholder('name')`, and each call passes their values. Rendering through
 * Drizzle at every call spends CPU on a text that never changes (≈ 3.5 % of the ticket-creation
 * path's Node time, measured); the prepared query object is kept per executor's session (the
 * pool's for the database, a transaction's own).
 *
 * @example
 * const countOf = preparedStatement<{ id: string }>(sql`select count(*)::int as n from tickets where customer_id = ${sql.placeholder('id')}`);
 * const [{ n }] = await countOf<{ n: number }>(db, { id });
 */
export function preparedStatement<V extends Record<string, unknown>>(query: SQL): PreparedStatement<V> {
  let built: { sql: string; params: unknown[] } | undefined;
  let name: string | undefined;
  const bySession = new WeakMap<object, { execute(values?: Record<string, unknown>): Promise<unknown> }>();
  return async <T>(ex: Executor, values: V): Promise<T[]> => {
    const internals = ex as unknown as DrizzleInternals;
    if (!internals.dialect || !internals.session) {
      throw new Error('preparedStatement needs a Drizzle database or transaction');
    }
    if (built === undefined) {
      built = internals.dialect.sqlToQuery(query);
      name = statementNames.get(built.sql);
      if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
        name = `tierline_${statementNames.size + 1}`;
        statementNames.set(built.sql, name);
      }
    }
    let prepared = bySession.get(internals.session);
    if (!prepared) {
      prepared = internals.session.prepareQuery(built, undefined, name, false);
      bySession.set(internals.session, prepared);
    }
    const result = (await prepared.execute(values)) as { rows: T[] };
    return result.rows;
  };
}
