import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
const pgl = await PGlite.create();
const db = drizzle({ client: pgl });
await pgl.exec(`CREATE TABLE c (id uuid primary key); INSERT INTO c SELECT ('00000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid FROM generate_series(0, 1999) g;`);
const rows = Array.from({ length: 48000 }, (_, k) => [`00000000-0000-4000-8000-${String(Math.floor(k / 24)).padStart(12, '0')}`, `${2020 + Math.floor((k % 24) / 12)}-${String((k % 12) + 1).padStart(2, '0')}-01`, k, 1, 2, 3, 4, 5, null, 0, 7, 1]);
const mk = () => pgl.exec(`DROP TABLE IF EXISTS b; CREATE TABLE b (id uuid references c(id), month date, a bigint, b bigint, c bigint, d bigint, e bigint, f bigint, g bigint, h int, i bigint, j int, primary key (id, month)); CREATE INDEX ON b (month)`);
await mk();
let t = performance.now();
await db.transaction(async (tx) => {
for (let i = 0; i < rows.length; i += 2000) {
  const batch = rows.slice(i, i + 2000);
  const cols = batch[0]!.map((_, c) => batch.map((r) => r[c]));
  await tx.execute(sql`INSERT INTO b SELECT * FROM unnest(${sql.param(cols[0])}::uuid[], ${sql.param(cols[1])}::date[], ${sql.param(cols[2])}::bigint[], ${sql.param(cols[3])}::bigint[], ${sql.param(cols[4])}::bigint[], ${sql.param(cols[5])}::bigint[], ${sql.param(cols[6])}::bigint[], ${sql.param(cols[7])}::bigint[], ${sql.param(cols[8])}::bigint[], ${sql.param(cols[9])}::int[], ${sql.param(cols[10])}::bigint[], ${sql.param(cols[11])}::int[]) ON CONFLICT (id, month) DO UPDATE SET a = excluded.a`);
}});
console.log('drizzle unnest fresh', (performance.now() - t).toFixed(0), 'ms', (await pgl.query('select count(*) from b')).rows);
await mk();
t = performance.now();
await pgl.transaction(async (tx) => {
for (let i = 0; i < rows.length; i += 1000) {
  const batch = rows.slice(i, i + 1000);
  const params: unknown[] = [];
  const values = batch.map((r) => `(${r.map((v) => { params.push(v); return `$${params.length}`; }).join(',')})`).join(',');
  await tx.query(`INSERT INTO b VALUES ${values} ON CONFLICT (id, month) DO UPDATE SET a = excluded.a`, params);
}});
console.log('params fresh', (performance.now() - t).toFixed(0), 'ms');
