/**
 * Tickets benchmark (issue 5 "Performance"): POST /tmf-api/troubleTicket/v5/troubleTicket under
 * load on loopback with autocannon, beside a bare Fastify + pg insert endpoint measured in the
 * same run on the same PostgreSQL database. Two phases per endpoint: a fixed rate (default
 * 200 req/s; target p99 < 30 ms for the ticket) and an open throttle (requests/s; target the
 * ticket ≥ 50 % of the bare endpoint). The app is the real one (buildApp, session auth, scope,
 * desk config, SLA clocks, outbox, audit) on a migrated database with the demo data.
 *
 *   npx tsx bench/tickets/run.ts [--duration 10] [--rates 50,200] [--connections 16] [--customers 200] [--keep] [--only app,bare] [--rounds 3]
 *
 * Each rate of --rates is a fixed-rate phase (the last one is the target's, 200 req/s).
 *
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server; the bench
 * creates the database tierline_bench_tickets and drops it at the end (unless --keep).
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { systemActor } from '../../src/db/audit.ts';
import { openPostgres } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import type { Deps } from '../../src/deps.ts';
import { createRng } from '../../src/domain/random.ts';
import { buildApp } from '../../src/http/app.ts';
import { hashPassword } from '../../src/modules/auth/passwords.ts';
import { createCalendarStore, seedShippedCalendars } from '../../src/modules/calendar/calendar.service.ts';
import { runDemo } from '../../src/modules/demo/demo.service.ts';
import { customersDemo } from '../../src/modules/demo/demo-customers.ts';
import { DEMO_PASSWORD, orgDemo } from '../../src/modules/demo/demo-org.ts';
import {
  type CreatedTicketRows,
  createContextReadStats,
  createdTicketWriteStats,
  insertCreatedTickets,
  loadCreateContext,
  readCreateContext,
  writeCreatedTicket,
} from '../../src/modules/tickets/tickets.repo.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    rates: { type: 'string', default: '50,200' },
    connections: { type: 'string', default: '16' },
    customers: { type: 'string', default: '200' },
    keep: { type: 'boolean', default: false },
    // a subset of the endpoints by key (app, bare, floor, floor-write, floor-batched, floor-write-batched);
    // the summary ratios need app and bare, the floor ones their floors
    only: { type: 'string' },
    // open-throttle rounds (each endpoint once per round; figures are the median round)
    rounds: { type: 'string', default: '1' },
  },
});
const duration = Number(values.duration);
const rates = values.rates.split(',').map(Number);
const rate = rates.at(-1)!;
const connections = Number(values.connections);
const rounds = Math.max(1, Number(values.rounds));
const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'tierline_bench_tickets';
const POOL = 10;
const GROUPED_WRITES = new Set(['app', 'floor-batched', 'floor-write-batched']);
const GROUPED_READS = new Set(['app', 'floor-batched']);

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
 * CPU time (ms) used so far by each of the PostgreSQL server's processes, read from /proc (the
 * server on this machine); null when there is none to read (another host, another OS).
 */
function postgresCpuMs(): Map<string, number> | null {
  const byPid = new Map<string, number>();
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, 'latin1').startsWith('postgres')) continue;
        const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        byPid.set(pid, (Number(fields[11]) + Number(fields[12])) * 10); // utime + stime, USER_HZ = 100
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    return null;
  }
  return byPid.size > 0 ? byPid : null;
}

/**
 * The CPU (ms) the server's processes used between two readings: each process alive at the end,
 * less what it had used at the start (0 for one started since). A process that ended in between
 * (an autovacuum worker) takes its time with it: a slight undercount.
 */
function postgresCpuBetween(before: Map<string, number> | null, after: Map<string, number> | null) {
  if (before === null || after === null) return null;
  let ms = 0;
  for (const [pid, used] of after) ms += used - (before.get(pid) ?? 0);
  return ms;
}

type LoadResult = {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  rps: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
};

function run(options: {
  url: string;
  path: string;
  headers: Record<string, string>;
  bodies: string[];
  duration: number;
  connections: number;
  overallRate?: number;
  warmup?: number;
}): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./load.mjs', import.meta.url)), { stdio: 'inherit' });
    child.once('message', (m) => resolve(m as LoadResult));
    child.once('error', reject);
    child.send(options);
  });
}

const admin = new pg.Client({ connectionString: baseUrl });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${DB_NAME}`);
const database = openPostgres(urlFor(DB_NAME), POOL);
const deps: Deps = {
  db: database.db,
  database,
  config: loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: urlFor(DB_NAME) }),
  now: () => new Date(),
  calendars: createCalendarStore(),
};
const bare = new pg.Pool({ connectionString: urlFor(DB_NAME), max: POOL });
bare.on('error', () => {}); // idle clients ended by the final DROP DATABASE … FORCE

try {
  await migrate(database.db);
  await seedShippedCalendars(database.db, systemActor('bench'));
  const demo = Number(values.customers);
  log(`database ${DB_NAME}: migrated; demo with ${demo} customers …`);
  try {
    await runDemo(deps, systemActor('bench:demo'), { customers: demo, seed: 1 });
  } catch (err) {
    // the whole demo is one transaction: when a generator fails, seed users and customers alone
    log(`full demo failed (${(err as Error).message}); seeding users and customers only`);
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await database.db.transaction(async (tx) => {
      for (const generator of [orgDemo, customersDemo]) {
        await generator.run({
          tx,
          rng: createRng(7),
          options: { customers: demo, seed: 1 },
          actor: systemActor('bench:demo'),
          passwordHash,
          now: new Date(),
        });
      }
    });
  }

  const app = await buildApp(deps);
  const appUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: 'frontdesk', password: DEMO_PASSWORD },
  });
  const token = login.json<{ token: string }>().token;
  const headers = { authorization: `Bearer ${token}` };

  // the customers the front desk may serve (probe each once: a 201 keeps it)
  const candidates = (await bare.query<{ id: string }>('select id from customers order by name limit 300'))
    .rows;
  const body = (customerId: string, i: number) =>
    JSON.stringify({
      description: `bench ${i}: 专线中断，客户业务受影响`,
      severity: ['critical', 'major', 'minor'][i % 3],
      ticketType: ['incident', 'complaint', 'inquiry', 'request'][i % 4],
      channel: { id: 'hotline', name: 'hotline' },
      relatedParty: [{ role: 'customer', partyOrPartyRole: { id: customerId, '@referredType': 'Customer' } }],
    });
  const inScope: string[] = [];
  for (const [i, c] of candidates.entries()) {
    const res = await app.inject({
      method: 'POST',
      url: '/tmf-api/troubleTicket/v5/troubleTicket',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: body(c.id, i),
    });
    if (res.statusCode === 201) inScope.push(c.id);
    if (inScope.length >= 100) break;
  }
  if (inScope.length === 0) throw new Error('the front desk serves none of the demo customers');
  const ticketBodies = Array.from({ length: 400 }, (_, i) => body(inScope[i % inScope.length]!, i));

  // the yardstick: a bare Fastify endpoint that inserts one row with pg
  await bare.query(`create table bench_bare_tickets (
    id uuid primary key default gen_random_uuid(), customer_id uuid not null, ticket_type text not null,
    severity text not null, description text not null, created_at timestamptz not null default now())`);
  const bareApp = Fastify({ logger: false });
  bareApp.post('/bare', async (request, reply) => {
    const b = request.body as {
      customerId: string;
      ticketType: string;
      severity: string;
      description: string;
    };
    const { rows } = await bare.query<{ id: string }>(
      'insert into bench_bare_tickets (customer_id, ticket_type, severity, description) values ($1, $2, $3, $4) returning id',
      [b.customerId, b.ticketType, b.severity, b.description],
    );
    return reply.status(201).send({ id: rows[0]!.id });
  });
  const bareUrl = await bareApp.listen({ host: '127.0.0.1', port: 0 });
  const bareBodies = Array.from({ length: 400 }, (_, i) =>
    JSON.stringify({
      customerId: inScope[i % inScope.length],
      ticketType: 'fault',
      severity: 'major',
      description: `bench ${i}`,
    }),
  );

  // the floor: the ticket's own two statements (the app's read and its one write statement, on the
  // app's pool) behind a bare Fastify route — no auth, scope, validation, clock computation or TMF
  // answer. Rows copied from a ticket the app just made, with a fresh id and number each time.
  const [template] = (
    await bare.query<{
      ticket: Record<string, unknown>;
      event: Record<string, unknown>;
      clocks: Record<string, unknown>[];
      audit: Record<string, unknown>;
    }>(
      `select row_to_json(t) as ticket,
        (select row_to_json(e) from ticket_events e where e.ticket_id = t.id order by e.id limit 1) as event,
        (select json_agg(row_to_json(s)) from sla_instances s where s.ticket_id = t.id) as clocks,
        (select row_to_json(a) from audit_log a where a.entity_id = t.id::text order by a.id limit 1) as audit
      from tickets t order by t.created_at desc limit 1`,
    )
  ).rows;
  if (!template?.event || !template.clocks || !template.audit)
    throw new Error('no ticket to copy for the floor endpoint');
  const floorApp = Fastify({ logger: false });
  let floorNumber = 0;
  /** The template's rows under a fresh id and number. */
  const floorRows = (eventId: number, customerId: string): CreatedTicketRows => {
    const id = randomUUID();
    return {
      event: { ...template.event, id: eventId, ticket_id: id } as never,
      ticket: { ...template.ticket, id, number: `FLOOR-${++floorNumber}`, customer_id: customerId } as never,
      clocks: template.clocks.map((c) => ({ ...c, ticket_id: id }) as never),
      audit: { ...template.audit, entity_id: id } as never,
    };
  };
  /** The ticket's write statement, one ticket per statement (what the app did before group commit). */
  const writeFloorTicket = async (eventId: number, customerId: string) => {
    const rows = floorRows(eventId, customerId);
    await insertCreatedTickets(database.db, [rows]);
    return rows.ticket.id;
  };
  /** … through group commit, as the app writes now (`writeCreatedTicket`). */
  const writeBatched = async (eventId: number, customerId: string) => {
    const rows = floorRows(eventId, customerId);
    await writeCreatedTicket(database.db, rows);
    return rows.ticket.id;
  };
  /**
   * The ticket's read with no scope condition, one by one (`loadCreateContext`) or through group
   * read as the app reads now (`readCreateContext`): the creation event's id.
   */
  const everyone = { key: 'everyone', visible: sql`true` };
  const reader = (batched: boolean) => async (customerId: string) => {
    const now = new Date();
    const date = now.toISOString().slice(0, 10);
    const context = batched
      ? await readCreateContext(database.db, everyone, customerId, now, date)
      : await loadCreateContext(database.db, everyone.visible, customerId, now, date);
    return context.eventId;
  };
  const readContext = reader(false);
  const readBatched = reader(true);
  const customerOf = (request: { body: unknown }) => (request.body as { customerId: string }).customerId;
  // event ids for the write-alone floors: from a range the sequence never reaches
  let writeOnlyEvent = 1_000_000_000;
  const floors: Record<string, (customerId: string) => Promise<unknown>> = {
    '/floor': async (c) => writeFloorTicket(await readContext(c), c),
    '/floor-write': (c) => writeFloorTicket(++writeOnlyEvent, c),
    '/floor-batched': async (c) => writeBatched(await readBatched(c), c),
    '/floor-write-batched': (c) => writeBatched(++writeOnlyEvent, c),
  };
  for (const [route, handle] of Object.entries(floors)) {
    floorApp.post(route, async (request, reply) =>
      reply.status(201).send({ id: await handle(customerOf(request)) }),
    );
  }
  const floorUrl = await floorApp.listen({ host: '127.0.0.1', port: 0 });

  const floorTarget = (key: string, name: string) => ({
    key,
    name,
    url: floorUrl,
    path: `/${key}`,
    headers: {},
    bodies: bareBodies,
  });
  const allTargets = [
    {
      key: 'app',
      name: 'POST troubleTicket (app)',
      url: appUrl,
      path: '/tmf-api/troubleTicket/v5/troubleTicket',
      headers,
      bodies: ticketBodies,
    },
    { key: 'bare', name: 'POST bare insert', url: bareUrl, path: '/bare', headers: {}, bodies: bareBodies },
    floorTarget('floor', 'floor: read + write, 1 by 1'),
    floorTarget('floor-write', 'floor: write alone, 1 by 1'),
    floorTarget('floor-batched', 'floor: both batched'),
    floorTarget('floor-write-batched', 'floor: batched write alone'),
  ];
  const only = values.only?.split(',');
  const targets = allTargets.filter((t) => !only || only.includes(t.key));
  log(
    `customers in the front desk's scope: ${inScope.length}; pool ${POOL} connections each; load ${load()}`,
  );
  for (const t of targets) await run({ ...t, duration: 3, connections }); // warm-up

  const fixed: Record<string, LoadResult> = {};
  const open: Record<string, LoadResult> = {};
  const row = (name: string, r: LoadResult) =>
    `${name.padEnd(26)} ${String(r.p50).padStart(5)} ms ${String(r.p90).padStart(5)} ms ${String(r.p99).padStart(5)} ms ${r.rps.toFixed(0).padStart(7)} req/s  ${r.total} done, ${r.non2xx} non-2xx, ${r.errors} errors`;
  for (const r of rates) {
    log('');
    log(`fixed rate ${r} req/s, ${connections} connections, ${duration} s       p50      p90      p99`);
    for (const t of targets) {
      const loop = monitorEventLoopDelay({ resolution: 5 });
      loop.enable();
      fixed[t.name] = await run({ ...t, duration, connections, overallRate: r, warmup: 2 });
      loop.disable();
      log(row(t.name, fixed[t.name]!));
      log(
        `  server event loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms, max ${(loop.max / 1e6).toFixed(0)} ms`,
      );
    }
  }
  const perStatement: Record<string, string> = {};
  const perRead: Record<string, string> = {};
  // the share of the tickets whose context was read (the others were written from a kept one)
  const readShare: Record<string, string> = {};
  const perCall = (before: { calls: number; items: number }, after: { calls: number; items: number }) =>
    after.calls > before.calls
      ? ((after.items - before.items) / (after.calls - before.calls)).toFixed(1)
      : null;
  // Each round runs every endpoint once, in turn (every other round in the reverse order, so a
  // drift of the machine's load favours no endpoint); each endpoint's figures are its median round.
  const byRound: Record<string, LoadResult>[] = [];
  // CPU per request in each round: this process (the servers under test; the load runs in a
  // child) and the PostgreSQL server's processes (every backend, the WAL writer …), in µs
  const cpuPerRequest: Record<string, { node: number; db: number | null }[]> = {};
  for (let round = 0; round < rounds; round++) {
    const results: Record<string, LoadResult> = {};
    for (const t of round % 2 === 0 ? targets : [...targets].reverse()) {
      const before = createdTicketWriteStats(database.db);
      const readsBefore = createContextReadStats(database.db);
      const cpuBefore = process.cpuUsage();
      const dbBefore = postgresCpuMs();
      results[t.name] = await run({ ...t, duration, connections });
      const cpu = process.cpuUsage(cpuBefore);
      const dbAfter = postgresCpuMs();
      const done = Math.max(1, results[t.name]!.total);
      const dbMs = postgresCpuBetween(dbBefore, dbAfter);
      cpuPerRequest[t.name] ??= [];
      cpuPerRequest[t.name]!.push({
        node: (cpu.user + cpu.system) / done,
        db: dbMs === null ? null : (dbMs * 1000) / done,
      });
      // (only the endpoints that write or read through the groups: the requests still in flight
      // when the previous phase ended would count for the one after it)
      const after = createdTicketWriteStats(database.db);
      const writes = perCall(before, after);
      if (writes && GROUPED_WRITES.has(t.key)) perStatement[t.name] = writes;
      const readsAfter = createContextReadStats(database.db);
      const reads = perCall(readsBefore, readsAfter);
      if (reads && GROUPED_READS.has(t.key)) perRead[t.name] = reads;
      const written = after.items - before.items;
      if (t.key === 'app' && written > 0) {
        readShare[t.name] = `${(((readsAfter.items - readsBefore.items) / written) * 100).toFixed(1)} %`;
      }
    }
    byRound.push(results);
    if (rounds > 1) {
      log(
        `open round ${round + 1}/${rounds}: ${targets
          .map((t) => {
            const cpu = cpuPerRequest[t.name]!.at(-1)!;
            return `${t.key} ${results[t.name]!.rps.toFixed(0)} req/s (CPU ${cpu.node.toFixed(0)}${cpu.db === null ? '' : ` + ${cpu.db.toFixed(0)}`} µs)`;
          })
          .join(', ')}; load ${load()}`,
      );
    }
  }
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  for (const t of targets) {
    const all = byRound.map((b) => b[t.name]!);
    const m = median(all.map((r) => r.rps));
    open[t.name] = all.reduce((best, r) => (Math.abs(r.rps - m) < Math.abs(best.rps - m) ? r : best));
  }
  log('');
  log(`open throttle, ${connections} connections, ${duration} s             p50      p90      p99`);
  for (const t of targets) log(row(t.name, open[t.name]!));
  log('');
  log('server CPU per request in the open phase (median round): this process / PostgreSQL');
  for (const t of targets) {
    const cpus = cpuPerRequest[t.name] ?? [];
    const dbs = cpus.flatMap((c) => (c.db === null ? [] : [c.db]));
    const node = median(cpus.map((c) => c.node));
    const db = dbs.length > 0 ? median(dbs) : null;
    log(
      `${t.name.padEnd(26)} ${node.toFixed(0).padStart(5)} µs / ${db === null ? 'n/a' : `${db.toFixed(0)} µs`}${db === null ? '' : `  (sum ${(node + db).toFixed(0)} µs)`}`,
    );
  }
  const rpsOf = (key: string) => open[allTargets.find((t) => t.key === key)!.name]?.rps;
  /** `a`'s requests/s as a share of `b`'s, when both ran. */
  const share = (a: string, b = 'bare') => {
    const x = rpsOf(a);
    const y = rpsOf(b);
    return x === undefined || y === undefined ? 'n/a' : `${((x / y) * 100).toFixed(0)} %`;
  };
  log('');
  const app99 = fixed[allTargets[0]!.name]?.p99;
  if (app99 !== undefined)
    log(`ticket p99 at ${rate} req/s: ${app99} ms (target < 30 ms) ${app99 < 30 ? 'OK' : 'MISSED'}`);
  // the ratio within each round (app and bare measured minutes apart), then its median
  const names = Object.fromEntries(allTargets.map((t) => [t.key, t.name]));
  const ratios = byRound
    .filter((b) => b[names.app!] && b[names.bare!])
    .map((b) => b[names.app!]!.rps / b[names.bare!]!.rps);
  const ratio = ratios.length > 0 ? median(ratios) : 0;
  log(
    `ticket throughput / bare throughput: ${(ratio * 100).toFixed(0)} %${ratios.length > 1 ? ` (median of ${ratios.map((r) => `${(r * 100).toFixed(0)} %`).join(', ')})` : ''} (target ≥ 50 %) ${ratio >= 0.5 ? 'OK' : 'MISSED'}`,
  );
  log(
    `floor one by one (the ticket's two statements, a commit each) / bare throughput: ${share('floor')}; the app / its floor (batched read + batched write): ${share('app', 'floor-batched')}`,
  );
  log(`the write statement alone, a commit each / bare throughput: ${share('floor-write')}`);
  log(
    `group commit: batched read + batched write / bare ${share('floor-batched')}; batched write alone / bare ${share('floor-write-batched')}; ` +
      `tickets a statement in the open phase: ${Object.entries(perStatement)
        .map(([name, n]) => `${name} ${n}`)
        .join('; ')}; tickets a read statement: ${Object.entries(perRead)
        .map(([name, n]) => `${name} ${n}`)
        .join(
          '; ',
        )}; tickets whose context was read (the others from a kept one, last round): ${Object.entries(
        readShare,
      )
        .map(([name, n]) => `${name} ${n}`)
        .join('; ')}`,
  );
  const [counts] = (
    await bare.query<{ tickets: number; events: number; clocks: number }>(
      `select (select count(*) from tickets)::int as tickets, (select count(*) from ticket_events)::int as events,
      (select count(*) from sla_instances)::int as clocks`,
    )
  ).rows;
  log(
    `rows now: ${counts!.tickets} tickets, ${counts!.events} events, ${counts!.clocks} clock instances; load ${load()}`,
  );
  await app.close();
  await bareApp.close();
  await floorApp.close();
} finally {
  await bare.end();
  await database.close();
  if (!values.keep) await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.end();
}
