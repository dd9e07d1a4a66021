import { PGlite } from '@electric-sql/pglite';
const db = await PGlite.create();
const rows = Array.from({ length: 48000 }, (_, k) => [`00000000-0000-4000-8000-${String(Math.floor(k / 24)).padStart(12, '0')}`, `${2020 + Math.floor((k % 24) / 12)}-${String((k % 12) + 1).padStart(2, '0')}-01`, k, 1, 2, 3, 4, 5, null, 0, 7, 1]);
const csv = rows.map((r) => r.map((v) => (v === null ? '' : String(v))).join(',')).join('\n') + '\n';
for (const pk of ['', ', primary key (id, month)']) {
  await db.exec(`DROP TABLE IF EXISTS b; CREATE TABLE b (id uuid, month date, a bigint, b bigint, c bigint, d bigint, e bigint, f bigint, g bigint, h int, i bigint, j int${pk})`);
  let t = performance.now();
  await db.query(`COPY b FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: new Blob([csv]) });
  console.log('copy direct', pk, (performance.now() - t).toFixed(0), 'ms');
}
await db.exec('DROP TABLE IF EXISTS s; CREATE TABLE s (LIKE b)');
let t = performance.now();
await db.query(`COPY s FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: new Blob([csv]) });
console.log('copy stage', (performance.now() - t).toFixed(0));
await db.exec('TRUNCATE b');
t = performance.now();
await db.query('INSERT INTO b SELECT * FROM s ON CONFLICT (id, month) DO UPDATE SET a = excluded.a');
console.log('insert select fresh', (performance.now() - t).toFixed(0));
t = performance.now();
await db.query('INSERT INTO b SELECT * FROM s ON CONFLICT (id, month) DO UPDATE SET a = excluded.a');
console.log('insert select update', (performance.now() - t).toFixed(0));
t = performance.now();
await db.query('INSERT INTO b SELECT * FROM s ON CONFLICT (id, month) DO UPDATE SET a = excluded.a WHERE b.a IS DISTINCT FROM excluded.a');
console.log('insert select unchanged', (performance.now() - t).toFixed(0));
