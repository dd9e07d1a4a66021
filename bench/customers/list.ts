/**
 * The customer list at scale (issue 3: filtered page p95 < 50 ms at 1,000,000 customers), on an
 * existing benchmark database — e.g. the one `bench/tasks/run.ts --keep` leaves
 * (`tierline_bench_tasks`, 1,000,000 customers) or `bench/assess/run.ts --keep`:
 *
 *   npx tsx bench/customers/list.ts [--database tierline_bench_tasks] [--requests 200]
 *
 * 200 requests through `buildApp` + `app.inject` (session lookup, scope, capped count, page, views),
 * alternating admin (region + tier; manager + offset) and kam_manager (tier; manager + tier)
 * filters, after `VACUUM ANALYZE customers` (the steady state autovacuum keeps). Baseline in the
 * same run: the bare page query (ids of one filtered page) straight on the pool.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.ts';
import { openPostgres } from '../../src/db/database.ts';
import type { Deps } from '../../src/deps.ts';
import { buildApp } from '../../src/http/app.ts';
import { createCalendarStore } from '../../src/modules/calendar/calendar.service.ts';
import { DEMO_PASSWORD } from '../../src/modules/demo/demo-org.ts';

const { values } = parseArgs({
  options: {
    database: { type: 'string', default: 'tierline_bench_tasks' },
    requests: { type: 'string', default: '200' },
  },
});
const u = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
u.pathname = `/${values.database}`;
const url = u.toString();
const requests = Number(values.requests);

const database = openPostgres(url, 6);
const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url });
const deps: Deps = {
  config,
  db: database.db,
  database,
  now: () => new Date(),
  calendars: createCalendarStore(),
} as unknown as Deps;
const pool = database.pool!;
const { rows: size } = await pool.query<{ n: number }>('select count(*)::int as n from customers');
console.log(`== ${values.database}: ${size[0]?.n.toLocaleString('en')} customers; vacuum analyze …`);
await pool.query('vacuum analyze customers');

const app = await buildApp(deps);
const login = async (username: string) => {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  return { authorization: `Bearer ${res.json<{ token: string }>().token}` };
};
const { rows: ams } = await pool.query<{ id: string; region_code: string }>(
  `select id, region_code from users where role = 'account_manager' and region_code is not null order by username`,
);
const asAdmin = await login('admin');
const asKam = await login('kam');
const tiers = ['1A', '2A', '3A', '4A', '5A'];
type Probe = { kind: string; url: string; headers: { authorization: string }; bare: [string, unknown[]] };
const probe = (i: number): Probe => {
  const am = ams[i % ams.length]!;
  const tier = tiers[i % tiers.length]!;
  const page = 'order by name, id limit 20';
  switch (i % 4) {
    case 0:
      return {
        kind: 'admin: region + tier',
        url: `/api/v1/customers?regionCode=${am.region_code}&tier=${tier}&limit=20`,
        headers: asAdmin,
        bare: [
          `select id from customers where region_code = $1 and tier = $2 ${page}`,
          [am.region_code, tier],
        ],
      };
    case 1:
      return {
        kind: 'admin: manager, page 3',
        url: `/api/v1/customers?accountManagerId=${am.id}&limit=20&offset=40`,
        headers: asAdmin,
        bare: [`select id from customers where account_manager_id = $1 ${page} offset 40`, [am.id]],
      };
    case 2:
      return {
        kind: 'kam_manager: tier',
        url: `/api/v1/customers?tier=${tier}&limit=20`,
        headers: asKam,
        bare: [`select id from customers where tier = $1 ${page}`, [tier]],
      };
    default:
      return {
        kind: 'kam_manager: manager + tier',
        url: `/api/v1/customers?accountManagerId=${am.id}&tier=${tier}&limit=20`,
        headers: asKam,
        bare: [`select id from customers where account_manager_id = $1 and tier = $2 ${page}`, [am.id, tier]],
      };
  }
};
const pct = (a: number[], q: number) => {
  const s = [...a].sort((x, y) => x - y);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))]! * 10) / 10;
};
for (let i = 0; i < 8; i++) await app.inject({ method: 'GET', url: probe(i).url, headers: probe(i).headers });
const byKind = new Map<string, number[]>();
const all: number[] = [];
const bare: number[] = [];
let bad = 0;
for (let i = 0; i < requests; i++) {
  const p = probe(i);
  let t = performance.now();
  await pool.query(p.bare[0], p.bare[1]);
  bare.push(performance.now() - t);
  t = performance.now();
  const res = await app.inject({ method: 'GET', url: p.url, headers: p.headers });
  const ms = performance.now() - t;
  if (res.statusCode !== 200) bad++;
  all.push(ms);
  byKind.set(p.kind, [...(byKind.get(p.kind) ?? []), ms]);
}
await app.close();
await database.close();
console.log(
  `   ${requests} requests${bad ? ` (${bad} not 200)` : ''}: p50 ${pct(all, 0.5)} ms, p95 ${pct(all, 0.95)} ms (target p95 < 50 ms)`,
);
for (const [kind, times] of byKind)
  console.log(`   ${kind}: p50 ${pct(times, 0.5)} ms, p95 ${pct(times, 0.95)} ms`);
console.log(
  `   baseline, the bare page query on the pool: p50 ${pct(bare, 0.5)} ms, p95 ${pct(bare, 0.95)} ms`,
);
