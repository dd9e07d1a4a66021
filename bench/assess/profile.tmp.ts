import { openPostgres } from '../../src/db/database.ts';
import { loadChunk, tuneForBulk, insertAssessments, insertProposals } from '../../src/modules/value/assessment.repo.ts';
const database = openPostgres('postgres://postgres@127.0.0.1:5432/tierline_bench_assess', 4);
const db = database.db;
const { rows: [run] } = await database.pool!.query('select id, model_version, as_of from assessment_runs order by started_at desc limit 1');
let after: string | null = null;
let tLoad = 0, n = 0;
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  const rows = await db.transaction(async (tx) => { await tuneForBulk(tx); return loadChunk(tx, { asOf: '2026-11-01', runId: run.id, afterId: after, limit: 5000, onlyId: null, grace: 2 }); });
  tLoad += performance.now() - t; n += rows.length; after = rows.at(-1)!.id;
}
console.log('load 5 chunks', Math.round(tLoad), 'ms', n);
const { rows: sample } = await database.pool!.query(`select customer_id as "customerId", current_value as "currentValue", direct_value as "directValue", added_value as "addedValue", potential_value as "potentialValue", loyalty, influence, total, indicated_tier as "indicatedTier", indicated_group_class as "indicatedGroupClass", scores, missing from assessments where run_id=$1 limit 5000`, [run.id]);
console.log('avg scores json', JSON.stringify(sample[0].scores).length);
const t2 = performance.now();
await db.transaction(async (tx) => { await insertAssessments(tx, { id: run.id, modelVersion: run.model_version, asOf: '2026-10-01' }, sample); throw new Error('rollback'); }).catch(() => {});
console.log('insert 5000', Math.round(performance.now() - t2));
const { rows: props } = await database.pool!.query(`select customer_id as "customerId", kind, from_tier as "fromTier", to_tier as "toTier", from_stars as "fromStars", to_stars as "toStars", from_group_class as "fromGroupClass", to_group_class as "toGroupClass", score, snapshot, reason from tier_proposals limit 3300`);
const t3 = performance.now();
await db.transaction(async (tx) => { await insertProposals(tx, { id: run.id, modelVersion: run.model_version }, props, new Date()); throw new Error('rollback'); }).catch(() => {});
console.log('proposals 3300', Math.round(performance.now() - t3));
await database.close();
