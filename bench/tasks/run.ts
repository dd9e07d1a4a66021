/**
 * Tasks benchmark (issue 4 "Performance"): on PostgreSQL, generating a month of mandatory-action
 * tasks for N customers through the real service (`generateTasks`), printing tasks per second
 * (target ≥ 50,000), then the same month again (must create nothing and be ≥ 5× faster), then again
 * after 1,000 new customers arrived. The yardstick, measured in the same run: a bare
 * `INSERT … SELECT` of the same rows into a table without indexes.
 *
 *   npx tsx bench/tasks/run.ts [--customers 1000000] [--month 2026-01] [--keep] [--reuse]
 *
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server; the bench
 * creates the database tierline_bench_tasks and drops it at the end (unless --keep; --reuse then
 * skips generating the customers again).
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { systemActor } from '../../src/db/audit.ts';
import { openPostgres } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import type { Deps } from '../../src/deps.ts';
import { isWorkday } from '../../src/domain/calendar/calendar.ts';
import { createRng } from '../../src/domain/random.ts';
import { hashPassword } from '../../src/modules/auth/passwords.ts';
import { createCalendarStore, seedShippedCalendars } from '../../src/modules/calendar/calendar.service.ts';
import { DEMO_PASSWORD, orgDemo } from '../../src/modules/demo/demo-org.ts';
import { generateTasks } from '../../src/modules/tasks/generation.service.ts';
import { generate } from './generate.ts';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    month: { type: 'string', default: '2026-01' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
  },
});
const n = Number(values.customers.replace(/_/g, ''));
if (!Number.isInteger(n) || n < 1) throw new Error('--customers N');
const month = values.month;
const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'tierline_bench_tasks';

const sec = (ms: number) => Math.round(ms / 10) / 100;
const fmt = (x: number) => x.toLocaleString('en-US');
const log = (line: string) => process.stdout.write(`${line}\n`);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

function urlFor(name: string): string {
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

const admin = new pg.Client({ connectionString: baseUrl });
await admin.connect();
const reuse =
  values.reuse &&
  (await admin.query('select 1 from pg_database where datname = $1', [DB_NAME])).rowCount === 1;
if (!reuse) {
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
}
const database = openPostgres(urlFor(DB_NAME), 6);
const pool = database.pool!;
const deps: Deps = {
  db: database.db,
  database,
  config: loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: urlFor(DB_NAME) }),
  now: () => new Date(),
  calendars: createCalendarStore(),
};

try {
  if (reuse) {
    await pool.query('truncate action_tasks, task_generations');
    await pool.query(`delete from customers where code like 'N%'`);
    log(`== reusing ${DB_NAME}`);
  } else {
    await migrate(database.db);
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await database.db.transaction((tx) =>
      orgDemo.run({
        tx,
        rng: createRng(1),
        options: { customers: 0, seed: 1 },
        actor: systemActor('bench'),
        passwordHash,
        now: new Date(),
      }),
    );
    const client = await pool.connect();
    log(`== ${fmt(n)} customers: generating customers and contacts …`);
    const t0 = performance.now();
    try {
      const gen = await generate(client, n);
      log(
        `   ${fmt(gen.customers)} customers, ${fmt(gen.contacts)} contacts in ${sec(performance.now() - t0)} s ${JSON.stringify(gen.seconds)}`,
      );
    } finally {
      client.release();
    }
  }
  await seedShippedCalendars(database.db, systemActor('bench'));
  const { rows: mix } = await pool.query<{ tier: string | null; n: number }>(
    `select tier, count(*)::int as n from customers where status = 'active' group by tier order by tier nulls last`,
  );
  log(`   tiers (active): ${mix.map((m) => `${m.tier ?? 'none'} ${fmt(m.n)}`).join(', ')}`);
  await pool.query('checkpoint');

  // (1) first run
  log(`\n== generating ${month} (load average ${load()})`);
  const t1 = performance.now();
  const first = await generateTasks(deps, { month, at: new Date(), trigger: 'bench' });
  const firstMs = performance.now() - t1;
  const perSecond = Math.round(first.created / (firstMs / 1000));
  log(
    `   first run: ${fmt(first.created)} tasks in ${sec(firstMs)} s = ${fmt(perSecond)} tasks/s (target ≥ 50,000)`,
  );
  const { rows: byAction } = await pool.query<{ action_code: string; n: number }>(
    'select action_code, count(*)::int as n from action_tasks where month = $1 group by 1 order by 1',
    [month],
  );
  log(`   by action: ${byAction.map((r) => `${r.action_code} ${fmt(r.n)}`).join(', ')}`);
  const calendar = await deps.calendars.get(deps.db);
  const { rows: dues } = await pool.query<{ due_date: string }>(
    'select distinct due_date from action_tasks where month = $1',
    [month],
  );
  const offDays = dues.filter((d) => !isWorkday(calendar, d.due_date));
  log(`   ${dues.length} distinct due dates, ${offDays.length} not on a working day`);

  // (2) the yardstick: the same rows, bare INSERT … SELECT into a table without indexes
  await pool.query('drop table if exists bench_bare_tasks');
  await pool.query('create table bench_bare_tasks (like action_tasks)');
  await pool.query('checkpoint');
  const t2 = performance.now();
  const bare = await pool.query('insert into bench_bare_tasks select * from action_tasks where month = $1', [
    month,
  ]);
  const bareMs = performance.now() - t2;
  await pool.query('drop table bench_bare_tasks');
  log(
    `   bare INSERT … SELECT of the same ${fmt(bare.rowCount ?? 0)} rows (no indexes): ${sec(bareMs)} s; generation/bare = ${(firstMs / bareMs).toFixed(2)}×`,
  );

  // (3) the same month again: nothing to create
  const t3 = performance.now();
  const second = await generateTasks(deps, { month, at: new Date(), trigger: 'bench' });
  const secondMs = performance.now() - t3;
  log(
    `   second run: ${fmt(second.created)} tasks in ${sec(secondMs)} s; first/second = ${(firstMs / secondMs).toFixed(1)}× (target ≥ 5×)`,
  );

  // (4) 1,000 customers arrive; the month again
  await pool.query(
    `insert into customers (code, name, industry, region_code, account_manager_id, tier, stars, status)
     select 'N' || lpad(g::text, 7, '0'), '新客户' || g, 'I', u.region_code, u.id,
       (array['1A','2A','3A','4A','5A'])[1 + g % 5], 1 + g % 5, 'active'
     from generate_series(1, 1000) g
     cross join lateral (select id, region_code from users where role = 'account_manager' and region_code is not null
       order by username offset g % 4 limit 1) u`,
  );
  const t4 = performance.now();
  const third = await generateTasks(deps, { month, at: new Date(), trigger: 'bench' });
  const thirdMs = performance.now() - t4;
  log(`   after 1,000 new customers: ${fmt(third.created)} tasks in ${sec(thirdMs)} s`);
  log(`   (load average at the end ${load()})`);

  console.table([
    {
      customers: n,
      month,
      tasks: first.created,
      firstSeconds: sec(firstMs),
      tasksPerSecond: perSecond,
      bareSeconds: sec(bareMs),
      ratioToBare: Math.round((firstMs / bareMs) * 100) / 100,
      secondSeconds: sec(secondMs),
      secondCreated: second.created,
      firstOverSecond: Math.round((firstMs / secondMs) * 10) / 10,
      newCustomersTasks: third.created,
      newCustomersSeconds: sec(thirdMs),
    },
  ]);
  if (second.created !== 0 || offDays.length > 0) process.exitCode = 1;
} finally {
  await database.close();
  if (!values.keep) await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.end();
}
