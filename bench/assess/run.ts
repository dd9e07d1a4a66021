/**
 * Assessment benchmark (issue 3 "Performance"): on PostgreSQL, N customers with 24 months of
 * billing; times a bare GROUP BY over the billing table against a full assessment run through the
 * real service code (read, score, write results and proposals), samples the process's RSS during
 * the run, and measures the customer list endpoint on filtered pages.
 *
 *   npx tsx bench/assess/run.ts [--customers 1000000] [--chunk 5000] [--requests 200] [--keep]
 *   npx tsx bench/assess/run.ts --customers 100000,1000000     # sizes in turn: memory must not grow
 *
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server; the bench
 * creates the database tierline_bench_assess and drops it at the end (unless --keep).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { systemActor } from '../../src/db/audit.ts';
import { openPostgres } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import type { Deps } from '../../src/deps.ts';
import { createRng } from '../../src/domain/random.ts';
import { buildApp } from '../../src/http/app.ts';
import { hashPassword } from '../../src/modules/auth/passwords.ts';
import { createCalendarStore } from '../../src/modules/calendar/calendar.service.ts';
import { DEMO_PASSWORD, orgDemo } from '../../src/modules/demo/demo-org.ts';
import { runAssessmentNow } from '../../src/modules/value/assessment.service.ts';
import { generate } from './generate.ts';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    chunk: { type: 'string', default: '5000' },
    requests: { type: 'string', default: '200' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
  },
});
const sizes = values.customers.split(',').map((s) => Number(s.replace(/_/g, '')));
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--customers N[,N…]');
const chunkSize = Number(values.chunk);
const requests = Number(values.requests);
const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'tierline_bench_assess';
const LAST_MONTH = '2026-10-01';
const AS_OF = '2026-11-01';

const mb = (bytes: number) => Math.round(bytes / 1048576);
const sec = (ms: number) => Math.round(ms / 10) / 100;
const fmt = (n: number) => n.toLocaleString('en-US');
const log = (line: string) => process.stdout.write(`${line}\n`);

function urlFor(name: string): string {
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Samples RSS every 50 ms until stopped and returns its peak. With `node --expose-gc` it also
 * collects garbage once a second and keeps the peak of the heap still in use after collection
 * (the live memory: what must not grow with the number of customers, whatever V8's lazy
 * collector lets RSS drift to).
 */
function memorySampler() {
  const gc = (globalThis as { gc?: () => void }).gc;
  let peak = process.memoryUsage.rss();
  let livePeak = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
    if (gc && ++ticks % 20 === 0) {
      gc();
      livePeak = Math.max(livePeak, process.memoryUsage().heapUsed);
    }
  }, 50);
  return () => {
    clearInterval(timer);
    return { rssPeak: Math.max(peak, process.memoryUsage.rss()), livePeak: gc ? livePeak : null };
  };
}

/**
 * CPU seconds used by the server's backends of the bench database, when the server runs on this
 * machine (/proc/<pid>/stat of the backend pids pg_stat_activity names; null otherwise). Sampled
 * every 200 ms so a backend that exits (a pooled connection closed) still counts.
 */
function serverCpuSampler(client: pg.Client) {
  const ticksPerSecond = 100;
  const last = new Map<number, number>();
  const first = new Map<number, number>();
  let ok = true;
  const sample = async () => {
    try {
      const { rows } = await client.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = $1',
        [DB_NAME],
      );
      for (const { pid } of rows) {
        let stat: string;
        try {
          stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        } catch {
          continue; // ended between the two reads (a parallel worker)
        }
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const ticks = Number(f[11]) + Number(f[12]); // utime + stime
        if (!first.has(pid)) first.set(pid, ticks);
        last.set(pid, ticks);
      }
    } catch {
      ok = false;
    }
  };
  const timer = setInterval(() => void sample(), 200);
  void sample();
  return async () => {
    clearInterval(timer);
    await sample();
    if (!ok) return null;
    let total = 0;
    for (const [pid, t] of last) total += t - (first.get(pid) ?? t);
    return total / ticksPerSecond;
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
}

type Result = Record<string, string | number>;

async function generateAll(database: ReturnType<typeof openPostgres>, n: number): Promise<void> {
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
  const client = await database.pool!.connect();
  log(`\n== ${fmt(n)} customers: generating 24 months of billing …`);
  const t0 = performance.now();
  try {
    const gen = await generate(client, n, { lastMonth: LAST_MONTH });
    log(
      `   generated ${fmt(gen.billingRows)} billing rows in ${sec(performance.now() - t0)} s ${JSON.stringify(gen.seconds)}`,
    );
  } finally {
    client.release();
  }
}

async function benchOne(n: number): Promise<Result> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  // --reuse: keep a database left by --keep with the same N (skips the generation)
  const reuse =
    values.reuse &&
    (await admin.query('select 1 from pg_database where datname = $1', [DB_NAME])).rowCount === 1;
  if (!reuse) {
    await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DB_NAME}`);
  }
  const database = openPostgres(urlFor(DB_NAME), 4);
  const out: Result = { customers: n };
  try {
    if (reuse) {
      await database.pool!.query(
        'truncate assessment_runs, assessments, tier_proposals, tier_changes cascade',
      );
      await database.pool!.query('delete from value_models');
      log(`\n== reusing ${DB_NAME}`);
    } else await generateAll(database, n);

    const { rows: counted } = await database.pool!.query<{ n: number }>(
      'select count(*)::int as n from billing_monthly',
    );
    out.billingRows = Number(counted[0]?.n ?? 0);

    // (1) the bare aggregate over the same table, consumed fully by this process
    const tAgg = performance.now();
    const groups = await database
      .pool!.query('SELECT customer_id, avg(revenue_fen) AS avg FROM billing_monthly GROUP BY customer_id')
      .then((agg) => agg.rowCount ?? agg.rows.length); // the rows are dropped here, before the run
    const aggMs = performance.now() - tAgg;
    log(`   bare GROUP BY: ${fmt(groups)} groups in ${sec(aggMs)} s`);
    out.aggregateSeconds = sec(aggMs);

    // (2) the full assessment through the service
    const deps: Deps = {
      db: database.db,
      database,
      config: loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: urlFor(DB_NAME) }),
      now: () => new Date(),
      calendars: createCalendarStore(),
    };
    (globalThis as { gc?: () => void }).gc?.();
    const rssBefore = process.memoryUsage.rss();
    const stop = memorySampler();
    const tRun = performance.now();
    const cpu0 = process.cpuUsage();
    const stopServerCpu = serverCpuSampler(admin);
    const phases: string[] = [];
    const run = await runAssessmentNow(
      deps,
      systemActor('bench'),
      { asOf: AS_OF, trigger: 'cli' },
      { chunkSize, onPhase: (name, ms) => phases.push(`${name} ${sec(ms)} s`) },
    );
    const runMs = performance.now() - tRun;
    const { rssPeak: peak, livePeak } = stop();
    if (run.status !== 'done') throw new Error(`run ${run.status}: ${run.error}`);
    out.assessed = run.done;
    out.proposals = run.proposals;
    out.runSeconds = sec(runMs);
    out.customersPerSecond = Math.round(run.done / (runMs / 1000));
    out.ratio = Math.round((runMs / aggMs) * 100) / 100;
    out.rssBeforeMb = mb(rssBefore);
    out.rssPeakMb = mb(peak);
    if (livePeak !== null) out.liveHeapPeakMb = mb(livePeak);
    log(
      `   assessment: ${fmt(run.done)} customers, ${fmt(run.proposals)} proposals in ${sec(runMs)} s` +
        ` = ${fmt(out.customersPerSecond as number)} customers/s; ratio to the bare aggregate ${out.ratio}× (target ≤ 3×)`,
    );
    log(`   phases: ${phases.join(', ')}`);
    const cpu = process.cpuUsage(cpu0);
    out.nodeCpuSeconds = sec((cpu.user + cpu.system) / 1000);
    const serverCpu = await stopServerCpu();
    if (serverCpu !== null) out.serverCpuSeconds = Math.round(serverCpu * 100) / 100;
    log(
      `   CPU during the run: this process ${out.nodeCpuSeconds} s` +
        (serverCpu !== null ? `, the server's backends ${out.serverCpuSeconds} s` : ''),
    );
    log(
      `   RSS before the run ${mb(rssBefore)} MB, peak during the run ${mb(peak)} MB` +
        (livePeak !== null
          ? `; live heap after GC, peak ${mb(livePeak)} MB`
          : ' (run with node --expose-gc for the live heap)'),
    );

    // (3) the customer list endpoint on filtered pages, in the steady state autovacuum keeps: the
    // run has just rewritten rows, and a visibility map that is not yet set turns the capped
    // index-only counts into heap scans.
    await database.pool!.query('vacuum analyze customers');
    const app = await buildApp(deps);
    const login = async (username: string) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password: DEMO_PASSWORD },
      });
      return { authorization: `Bearer ${res.json<{ token: string }>().token}` };
    };
    const { rows: ams } = await database.pool!.query<{ id: string; region_code: string }>(
      `select id, region_code from users where role = 'account_manager' order by username`,
    );
    const asAdmin = await login('admin');
    const asKam = await login('kam');
    const tiers = ['1A', '2A', '3A', '4A', '5A'];
    const urls = (i: number): [string, { authorization: string }] => {
      const am = ams[i % ams.length]!;
      const tier = tiers[i % tiers.length]!;
      switch (i % 4) {
        case 0:
          return [`/api/v1/customers?regionCode=${am.region_code}&tier=${tier}&limit=20`, asAdmin];
        case 1:
          return [`/api/v1/customers?accountManagerId=${am.id}&limit=20&offset=40`, asAdmin];
        case 2:
          return [`/api/v1/customers?tier=${tier}&limit=20`, asKam];
        default:
          return [`/api/v1/customers?accountManagerId=${am.id}&tier=${tier}&limit=20`, asKam];
      }
    };
    for (let i = 0; i < 8; i++) await app.inject({ method: 'GET', url: urls(i)[0], headers: urls(i)[1] }); // warm-up
    const times: number[] = [];
    let bad = 0;
    for (let i = 0; i < requests; i++) {
      const [url, headers] = urls(i);
      const t = performance.now();
      const res = await app.inject({ method: 'GET', url, headers });
      times.push(performance.now() - t);
      if (res.statusCode !== 200) bad++;
    }
    await app.close();
    times.sort((a, b) => a - b);
    out.listP50Ms = Math.round(percentile(times, 0.5) * 10) / 10;
    out.listP95Ms = Math.round(percentile(times, 0.95) * 10) / 10;
    log(
      `   customer list (filtered pages, admin and kam_manager, ${requests} requests${bad ? `, ${bad} not 200` : ''}):` +
        ` p50 ${out.listP50Ms} ms, p95 ${out.listP95Ms} ms (target p95 < 50 ms)`,
    );
    if (bad) out.listErrors = bad;
    return out;
  } finally {
    await database.close();
    if (!values.keep) await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin.end();
  }
}

const results: Result[] = [];
for (const n of sizes) results.push(await benchOne(n));
log('\nsummary');
console.table(results);
log(`process peak RSS (whole bench): ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
