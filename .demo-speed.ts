import { PGlite } from '@electric-sql/pglite';
import { systemActor } from './src/db/audit.ts';
import { wrapPglite } from './src/db/database.ts';
import { migrate } from './src/db/migrate.ts';
import { createRng } from './src/domain/random.ts';
import { customersDemo } from './src/modules/demo/demo-customers.ts';
import { orgDemo } from './src/modules/demo/demo-org.ts';
const database = wrapPglite(await PGlite.create());
await migrate(database.db);
const now = new Date();
await database.db.transaction(async (tx) => {
  const base = { tx, options: { customers: 2000, seed: 1 }, actor: systemActor('x'), passwordHash: 'x', now };
  await orgDemo.run({ ...base, rng: createRng(1) });
  const t = performance.now();
  const r = await customersDemo.run({ ...base, rng: createRng(2) });
  console.log('customers demo', ((performance.now() - t) / 1000).toFixed(2), 's', r);
});
