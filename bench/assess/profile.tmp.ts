import pg from 'pg';
const c = new pg.Client('postgres://postgres@127.0.0.1:5432/tierline_bench_assess'); await c.connect();
await c.query('begin');
try { await c.query('create temp table t1 on commit drop as select $1::int as x', [1]); console.log('ctas ok'); } catch (e) { console.log('ctas', (e as Error).message); await c.query('rollback'); await c.query('begin'); }
try { await c.query('declare cc no scroll cursor for select $1::int as x', [1]); console.log('declare ok', (await c.query('fetch 1 from cc')).rows); } catch (e) { console.log('declare', (e as Error).message); }
await c.end();
