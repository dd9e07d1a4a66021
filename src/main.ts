/**
 * The composition root: configuration → database (+ migrations, shipped calendars) → deps →
 * HTTP app and scheduler. The CLI calls these functions; nothing else constructs them.
 */

import type { Config } from './config.ts';
import { systemActor } from './db/audit.ts';
import { type Database, openDatabase } from './db/database.ts';
import { lockDataDir } from './db/lock.ts';
import { migrate } from './db/migrate.ts';
import type { Deps } from './deps.ts';
import { buildApp } from './http/app.ts';
import { startScheduler } from './jobs/jobs.ts';
import { createCalendarStore, seedShippedCalendars } from './modules/calendar/calendar.service.ts';
import { loadDemoOnce } from './modules/demo/demo.service.ts';
import { recoverInterruptedRuns } from './modules/value/assessment.service.ts';

export type Opened = { deps: Deps; close(): Promise<void> };

/** Opens (and locks, when embedded) the database, migrates it and loads shipped calendars. */
export async function openDeps(config: Config, options: { now?: () => Date } = {}): Promise<Opened> {
  const release = config.DATABASE_URL ? () => {} : lockDataDir(config.TIERLINE_DATA_DIR);
  let database: Database;
  try {
    database = await openDatabase(config);
    await migrate(database.db);
    await seedShippedCalendars(database.db, systemActor('system:calendar-seed'));
  } catch (err) {
    release();
    throw err;
  }
  const deps: Deps = {
    db: database.db,
    database,
    config,
    now: options.now ?? (() => new Date()),
    calendars: createCalendarStore(),
  };
  return {
    deps,
    close: async () => {
      await database.close();
      release();
    },
  };
}

export type ServeOptions = { demo: boolean; demoCustomers?: number; demoSeed?: number };

/** `tierline serve`: listens until SIGINT/SIGTERM, then drains requests and closes the database. */
export async function serve(config: Config, options: ServeOptions): Promise<void> {
  const opened = await openDeps(config);
  const { deps } = opened;
  const app = await buildApp(deps, {
    logger: {
      level: config.LOG_LEVEL,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
  });
  // assessment runs left 'running' by a process that stopped mid-run would block new ones
  const interrupted = await recoverInterruptedRuns(deps);
  if (interrupted > 0)
    app.log.warn({ interrupted }, 'assessment runs of a stopped process failed as interrupted');
  if (options.demo) {
    const report = await loadDemoOnce(deps, systemActor('system:demo'), {
      customers: options.demoCustomers ?? 200,
      seed: options.demoSeed ?? 1,
    });
    if (report) app.log.info({ demo: report }, 'demo data loaded (logins: admin, kam, am1 … / demo1234)');
  }
  const stopScheduler = startScheduler(deps, app.log);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    await stopScheduler();
    await app.close();
    await opened.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.PORT, host: config.HOST });
  app.log.info(
    { engine: deps.database.engine, url: `http://localhost:${config.PORT}` },
    `Tierline is serving on http://localhost:${config.PORT}`,
  );
}
