import { PGlite } from '@electric-sql/pglite';
const db = await PGlite.create();
await db.exec(`CREATE TABLE b (id uuid, month date, a bigint, b bigint, c bigint, d bigint, e bigint, f bigint, g bigint, h int, i bigint, j int, primary key (id, month))`);
const rows = Array.from({ length: 48000 }, (_, k) => [`00000000-0000-4000-8000-${String(Math.floor(k / 24)).padStart(12, '0')}`, `2024-${String((k % 12) + 1).padStart(2, '0')}-01`.replace('2024', String(2020 + Math.floor((k % 24) / 12))), k, 1, 2, 3, 4, 5, null, 0, 7, 1]);
let t = performance.now();
for (let i = 0; i < rows.length; i += 1000) {
  const batch = rows.slice(i, i + 1000);
  const params: unknown[] = [];
  const values = batch.map((r) => `(${r.map((v) => { params.push(v); return `$${params.length}`; }).join(',')})`).join(',');
  await db.query(`INSERT INTO b VALUES ${values} ON CONFLICT (id, month) DO UPDATE SET a = excluded.a`, params);
}
console.log('params insert', (performance.now() - t).toFixed(0), 'ms');
t = performance.now();
for (let i = 0; i < rows.length; i += 1000) {
  const batch = rows.slice(i, i + 1000);
  const cols = batch[0]!.map((_, c) => batch.map((r) => r[c]));
  await db.query(`INSERT INTO b SELECT * FROM unnest($1::uuid[], $2::date[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::int[], $11::bigint[], $12::int[]) ON CONFLICT (id, month) DO UPDATE SET a = excluded.a`, cols);
}
console.log('unnest insert', (performance.now() - t).toFixed(0), 'ms');
t = performance.now();
await db.exec('CREATE TEMP TABLE s (LIKE b)');
for (let i = 0; i < rows.length; i += 5000) {
  const csv = rows.slice(i, i + 5000).map((r) => r.map((v) => (v === null ? '' : String(v))).join(',')).join('\n') + '\n';
  await db.query(`COPY s FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: new Blob([csv]) });
}
await db.query('INSERT INTO b SELECT * FROM s ON CONFLICT (id, month) DO UPDATE SET a = excluded.a');
console.log('copy insert', (performance.now() - t).toFixed(0), 'ms');
