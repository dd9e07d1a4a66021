import { PgDialect } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import * as repo from '../../src/modules/value/assessment.repo.ts';
const client = new pg.Client('postgres://postgres@127.0.0.1:5432/tierline_bench_assess'); await client.connect();
const { rows: ids } = await client.query(`select id from customers order by id offset 20000 limit 5001`);
const { rows: [run] } = await client.query('select id from assessment_runs limit 1');
let captured: any;
let calls = 0;
const fake = { execute: async (q: any) => { calls++; captured = new PgDialect().sqlToQuery(q); return { rows: calls === 1 ? [{ id: ids[5000].id }] : [] }; } } as any;
await repo.loadChunk(fake, { asOf: '2026-11-01', runId: run.id, afterId: ids[0].id, limit: 5000, onlyId: null, grace: 2 });
// replace only-range with after/last
let text: string = captured.sql; const params = captured.params;
await client.query('set jit=off'); await client.query('set enable_nestloop=off');
const r = await client.query('explain (analyze, buffers) ' + text, params);
console.log(r.rows.map((x: any) => x['QUERY PLAN']).join('\n'));
await client.end();
