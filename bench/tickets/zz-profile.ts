import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { systemActor } from '../../src/db/audit.ts';
import { openPostgres } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import type { Deps } from '../../src/deps.ts';
import { buildApp } from '../../src/http/app.ts';
import { createCalendarStore, seedShippedCalendars } from '../../src/modules/calendar/calendar.service.ts';
import { runDemo } from '../../src/modules/demo/demo.service.ts';
import { DEMO_PASSWORD } from '../../src/modules/demo/demo-org.ts';

const baseUrl = 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = 'tierline_prof_tickets';
const url = baseUrl.replace(/\/postgres$/, `/${DB}`);
const admin = new pg.Client({ connectionString: baseUrl });
await admin.connect();
const exists = (await admin.query('select 1 from pg_database where datname = $1', [DB])).rowCount;
if (!exists) await admin.query(`CREATE DATABASE ${DB}`);
const database = openPostgres(url, 10);
const deps: Deps = {
  db: database.db,
  database,
  config: loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url }),
  now: () => new Date(),
  calendars: createCalendarStore(),
};
if (!exists) {
  await migrate(database.db);
  await seedShippedCalendars(database.db, systemActor('bench'));
  await runDemo(deps, systemActor('bench:demo'), { customers: 200, seed: 1 });
}
const app = await buildApp(deps);
const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'frontdesk', password: DEMO_PASSWORD } });
const c = new pg.Client({ connectionString: url });
await c.connect();
const headers = { authorization: `Bearer ${login.json().token}`, 'content-type': 'application/json' };
const ids = (await c.query(`select id from customers order by name limit 300`)).rows.map((r) => r.id);
const body = (id: string, i: number) =>
  JSON.stringify({
    description: `bench ${i}`,
    severity: ['critical', 'major', 'minor'][i % 3],
    ticketType: ['incident', 'complaint', 'inquiry', 'request'][i % 4],
    channel: { id: 'hotline', name: 'hotline' },
    relatedParty: [{ role: 'customer', partyOrPartyRole: { id, '@referredType': 'Customer' } }],
  });
const ok: string[] = [];
for (const [i, id] of ids.entries()) {
  const r = await app.inject({ method: 'POST', url: '/tmf-api/troubleTicket/v5/troubleTicket', headers, payload: body(id, i) });
  if (r.statusCode === 201) ok.push(id);
  if (ok.length >= 50) break;
}
const N = Number(process.argv[2] ?? 600);
const t0 = process.cpuUsage();
const w0 = performance.now();
for (let i = 0; i < N; i++) {
  const r = await app.inject({ method: 'POST', url: '/tmf-api/troubleTicket/v5/troubleTicket', headers, payload: body(ok[i % ok.length]!, i) });
  if (r.statusCode !== 201) throw new Error(r.body);
}
const cpu = process.cpuUsage(t0);
console.log(`per ticket: cpu ${((cpu.user + cpu.system) / 1000 / N).toFixed(2)} ms, wall ${((performance.now() - w0) / N).toFixed(2)} ms`);
await app.close();
await c.end();
await database.close();
await admin.end();
