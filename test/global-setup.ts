/**
 * Prepares one migrated database per test run, which every test file then copies:
 * - PGlite: a data-dir dump in a temp file (loading it is much faster than initdb);
 * - PostgreSQL (DATABASE_URL set): a template database `tierline_t_<stamp>`, from which each test
 *   file creates its own database; all of them are dropped at the end of the run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { systemActor } from '../src/db/audit.ts';
import { openPostgres, wrapPglite } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedShippedCalendars } from '../src/modules/calendar/calendar.service.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteDump: string;
    pgTemplate: string;
    databaseUrl: string;
  }
}

export function databaseUrlFor(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `tierline_t_${Date.now()}_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${template}`);
    const database = openPostgres(databaseUrlFor(url, template), 2);
    await migrate(database.db);
    await seedShippedCalendars(database.db, systemActor('test:setup'));
    await database.close();
    project.provide('pgTemplate', template);
    project.provide('databaseUrl', url);
    project.provide('pgliteDump', '');
    return async () => {
      const { rows } = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1`,
        [`${template}%`],
      );
      for (const row of rows) await admin.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
      await admin.end();
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'tierline-test-'));
  const pglite = await PGlite.create();
  const database = wrapPglite(pglite);
  await migrate(database.db);
  await seedShippedCalendars(database.db, systemActor('test:setup'));
  const dump = await pglite.dumpDataDir('none');
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();
  project.provide('pgliteDump', file);
  project.provide('pgTemplate', '');
  project.provide('databaseUrl', '');
  return () => rmSync(dir, { recursive: true, force: true });
}
