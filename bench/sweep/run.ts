/**
 * Escalation sweep benchmark (issue 5 "Performance"): with 100,000 and with 1,000,000 open tickets
 * in PostgreSQL, one sweep (`runEscalationSweep`, the real service) as of an instant at which 1 %
 * of the tickets have a ladder step due; it must take ≤ 2 s at 1,000,000 and grow with the due
 * tickets, not the open ones. Each size also sweeps once with a FIXED 1,000 due tickets: that time
 * should stay flat from 100k to 1M open tickets.
 *
 *   npx tsx bench/sweep/run.ts [--sizes 100000,1000000] [--workers 2] [--keep]
 *
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server; each size
 * gets its own database tierline_bench_sweep_<n>, created, migrated and dropped (unless --keep).
 *
 * Data (set-based SQL, generate_series): N fault tickets of 4A customers in stage `ops` (NOC, no
 * assignee), each with its two events (created at the front desk, moved to ops 5 minutes later)
 * and its two running clocks (customer_restore 360 min, ola_ops 90 min), `next_check_at` set as
 * syncTicketClocks would set it. Sweep instants S1 (fixed 1,000 due) and S2 = S1 + 10 min (1 %).
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { systemActor } from '../../src/db/audit.ts';
import { openPostgres } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import type { Deps } from '../../src/deps.ts';
import { createRng } from '../../src/domain/random.ts';
import { hashPassword } from '../../src/modules/auth/passwords.ts';
import { createCalendarStore, seedShippedCalendars } from '../../src/modules/calendar/calendar.service.ts';
import { DEMO_PASSWORD, orgDemo } from '../../src/modules/demo/demo-org.ts';
import { ensureDeskConfig } from '../../src/modules/desk/desk-config.service.ts';
import { runEscalationSweep } from '../../src/modules/desk/escalation.service.ts';
import { generate as generateCustomers } from '../tasks/generate.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,1000000' },
    keep: { type: 'boolean', default: false },
    workers: { type: 'string' },
  },
});
const sizes = values.sizes.split(',').map((s) => Number(s.replace(/_/g, '')));
if (sizes.some((n) => !Number.isInteger(n) || n < 2000)) throw new Error('--sizes N,M (each ≥ 2000)');
const workers = values.workers ? Number(values.workers) : undefined;
const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const FIXED_DUE = 1000;
/** S1: Monday 2026-03-02 10:00 Shanghai; S2 ten minutes later. */
const S1 = new Date('2026-03-02T02:00:00.000Z');
const S2 = new Date(S1.getTime() + 10 * 60_000);

const sec = (ms: number) => (Math.round(ms) / 1000).toFixed(3);
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

/**
 * Tickets i = 1…n. ola_ops starts at `ops`: fixed group (i ≤ 1000) at S1 − 50 min (50 % due at
 * S1 − 5), the 1 % group (i % 100 = 50) at S2 − 50 min, everyone else at S2 − 10 min (next check
 * S2 + 35). Each ticket was created 5 minutes before it reached ops.
 */
async function generateTickets(client: pg.ClientBase, n: number): Promise<Record<string, number>> {
  const seconds: Record<string, number> = {};
  const timed = async (name: string, q: string, params: unknown[] = []) => {
    const t0 = performance.now();
    await client.query(q, params);
    seconds[name] = Math.round((performance.now() - t0) / 100) / 10;
  };
  await client.query('set synchronous_commit = off');
  await client.query(`set maintenance_work_mem = '256MB'`);
  await client.query(
    `create temporary table g as
    select i, md5('t' || i)::uuid as id,
      case when i <= ${FIXED_DUE} then $1::timestamptz - interval '50 minutes'
           when i % 100 = 50 then $2::timestamptz - interval '50 minutes'
           else $2::timestamptz - interval '10 minutes' end as ops_at
    from generate_series(1, ${n}) as i`,
    [S1.toISOString(), S2.toISOString()],
  );
  await timed(
    'tickets',
    `with c as (select array_agg(id order by code) as ids from (select id, code from customers order by code limit 1000) x),
          am as (select array_agg(id order by username) as ids from users where role = 'account_manager')
     insert into tickets (id, number, customer_id, ticket_type, severity, priority, channel, name, description,
       status, status_changed_at, stage_code, department_code, tier, tier_rank, region_code, account_manager_id,
       desk_config_version, catalog_version, next_target_at, created_by, created_at, updated_at)
     select g.id, 'TB' || lpad(g.i::text, 8, '0'), c.ids[1 + g.i % array_length(c.ids, 1)], 'fault', 'major', 1,
       'phone', '专线中断', '基准工单', 'inProgress', g.ops_at, 'ops', 'NOC', '4A', 40, 'GD-GZ',
       am.ids[1 + g.i % array_length(am.ids, 1)], 1, 1, g.ops_at + interval '90 minutes', 'bench',
       g.ops_at - interval '5 minutes', g.ops_at
     from g, c, am`,
  );
  await timed(
    'events',
    `insert into ticket_events (ticket_id, at, kind, status, stage_code, department_code, actor_name)
     select id, ops_at - interval '5 minutes', 'created', 'acknowledged', 'frontdesk', 'CSC', 'bench' from g
     union all
     select id, ops_at, 'stage', 'inProgress', 'ops', 'NOC', 'bench' from g`,
  );
  await timed(
    'sla_instances',
    `insert into sla_instances (ticket_id, definition_code, kind, stage_code, department_code, cycle,
       desk_config_version, limit_minutes, clock, limit_source, stage, started_at, target_at,
       elapsed_minutes, evaluated_at, next_check_at)
     select id, 'customer_restore', 'customer', null, 'NOC', 1, 1, 360, '{"kind":"24x7"}'::jsonb,
       '{"kind":"entitlement","itemCode":"circuit_fault","level":"basic","severity":"major","factor":1,"baseMinutes":360}'::jsonb,
       'inProgress', ops_at - interval '5 minutes', ops_at + interval '355 minutes', 5, ops_at,
       ops_at + interval '175 minutes' from g
     union all
     select id, 'ola_ops', 'internal', 'ops', 'NOC', 1, 1, 90, '{"kind":"24x7"}'::jsonb,
       '{"kind":"byLevel","level":"4A","severity":"major","factor":1,"baseMinutes":90}'::jsonb,
       'inProgress', ops_at, ops_at + interval '90 minutes', 0, ops_at, ops_at + interval '45 minutes' from g`,
  );
  await timed('analyze', 'analyze tickets, ticket_events, sla_instances');
  await client.query('drop table g');
  return seconds;
}

type Row = {
  n: number;
  fixedMs: number;
  fixedFired: number;
  onePctMs: number;
  onePctFired: number;
  dueAt: number;
};

async function runSize(n: number): Promise<Row> {
  const name = `tierline_bench_sweep_${n}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  const database = openPostgres(urlFor(name), 4);
  const pool = database.pool!;
  const deps: Deps = {
    db: database.db,
    database,
    config: loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: urlFor(name) }),
    now: () => S1,
    calendars: createCalendarStore(),
  };
  try {
    await migrate(database.db);
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const actor = systemActor('bench');
    await database.db.transaction((tx) =>
      orgDemo.run({
        tx,
        rng: createRng(1),
        options: { customers: 0, seed: 1 },
        actor,
        passwordHash,
        now: S1,
      }),
    );
    await seedShippedCalendars(database.db, actor);
    await database.db.transaction((tx) => ensureDeskConfig(tx, actor, S1));
    const client = await pool.connect();
    log(`\n== ${fmt(n)} open tickets: generating …`);
    const t0 = performance.now();
    try {
      await generateCustomers(client, 1000);
      await client.query('set session_replication_role = origin');
      const seconds = await generateTickets(client, n);
      log(`   generated in ${sec(performance.now() - t0)} s ${JSON.stringify(seconds)}`);
    } finally {
      client.release();
    }
    await pool.query('checkpoint');
    const due = async (at: Date) =>
      (
        await pool.query<{ n: number }>(
          'select count(*)::int as n from sla_instances where next_check_at <= $1',
          [at],
        )
      ).rows[0]!.n;
    const dueAt = await due(S2);

    log(`   sweep at S1 with ${fmt(await due(S1))} due instances (fixed) — load average ${load()}`);
    const t1 = performance.now();
    const fixed = await runEscalationSweep(deps, S1, workers ? { workers } : {});
    const fixedMs = performance.now() - t1;
    log(`   ${sec(fixedMs)} s: ${JSON.stringify(fixed)}`);

    log(`   sweep at S2 with ${fmt(await due(S2))} due instances (1 %) — load average ${load()}`);
    const t2 = performance.now();
    const chunkMs: number[] = [];
    const onePct = await runEscalationSweep(deps, S2, {
      ...(workers ? { workers } : {}),
      onChunk: (_n, ms) => {
        chunkMs.push(Math.round(ms));
      },
    });
    const onePctMs = performance.now() - t2;
    log(`   ${sec(onePctMs)} s: ${JSON.stringify(onePct)}`);
    log(`   chunk times (ms, in order of completion): ${chunkMs.join(' ')}`);

    const t3 = performance.now();
    const again = await runEscalationSweep(deps, S2);
    log(`   the same instant again (a restart): ${sec(performance.now() - t3)} s, fired ${again.fired}`);
    const { rows } = await pool.query<{ n: number; d: number }>(
      `select count(*)::int as n, count(distinct (sla_instance_id, level))::int as d from ticket_escalations`,
    );
    log(`   escalations ${fmt(rows[0]!.n)} (distinct steps ${fmt(rows[0]!.d)})`);
    return { n, fixedMs, fixedFired: fixed.fired, onePctMs, onePctFired: onePct.fired, dueAt };
  } finally {
    await database.close();
    if (!values.keep) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

const results: Row[] = [];
for (const n of sizes) results.push(await runSize(n));

log('\n== summary');
log('| open tickets | fixed 1,000 due: fired, time | 1 % due: fired, time |');
log('|---:|---:|---:|');
for (const r of results) {
  log(
    `| ${fmt(r.n)} | ${fmt(r.fixedFired)}, ${sec(r.fixedMs)} s | ${fmt(r.onePctFired)}, ${sec(r.onePctMs)} s |`,
  );
}
if (results.length >= 2) {
  const a = results[0]!;
  const b = results[results.length - 1]!;
  log(
    `ratio ${fmt(b.n)}/${fmt(a.n)}: open tickets ×${(b.n / a.n).toFixed(1)}; fixed-due sweep ×${(b.fixedMs / a.fixedMs).toFixed(2)}; 1 % sweep ×${(b.onePctMs / a.onePctMs).toFixed(2)} (due ×${(b.onePctFired / Math.max(a.onePctFired, 1)).toFixed(1)})`,
  );
  log(
    `target: 1 % sweep at ${fmt(b.n)} ≤ 2 s → ${b.onePctMs <= 2000 ? 'met' : 'NOT met'} (${sec(b.onePctMs)} s)`,
  );
}
