/**
 * `tierline demo`: fills the database with deterministic demo data for a seed. Each module adds
 * its generator to GENERATORS (in dependency order); every generator upserts, so running the
 * demo twice leaves the same data.
 */
import { eq } from 'drizzle-orm';
import { type Actor, writeAudit } from '../../db/audit.ts';
import type { Tx } from '../../db/database.ts';
import { appMeta } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { createRng, type Rng } from '../../domain/random.ts';
import { countUsers } from '../auth/auth.repo.ts';
import { hashPassword } from '../auth/passwords.ts';
import { agreementsDemo } from './demo-agreements.ts';
import { catalogDemo } from './demo-catalog.ts';
import { compensationDemo } from './demo-compensation.ts';
import { customersDemo } from './demo-customers.ts';
import { deskDemo } from './demo-desk.ts';
import { ordersDemo } from './demo-orders.ts';
import { DEMO_PASSWORD, orgDemo } from './demo-org.ts';
import { reportsDemo } from './demo-reports.ts';
import { resourcesDemo } from './demo-resources.ts';
import { segmentBillingDemo } from './demo-segment-billing.ts';
import { tasksDemo } from './demo-tasks.ts';
import { valueDemo } from './demo-value.ts';

export type DemoOptions = { customers: number; seed: number };

export type DemoContext = {
  tx: Tx;
  rng: Rng;
  options: DemoOptions;
  actor: Actor;
  /** Argon2 hash of the demo password, computed once. */
  passwordHash: string;
  now: Date;
};

export type DemoGenerator = { name: string; run(ctx: DemoContext): Promise<Record<string, number>> };

/** Later modules append theirs here (customers, catalog, tickets, orders, …). */
const GENERATORS: DemoGenerator[] = [
  orgDemo,
  customersDemo,
  valueDemo,
  catalogDemo,
  tasksDemo,
  resourcesDemo,
  deskDemo,
  ordersDemo,
  agreementsDemo,
  compensationDemo,
  reportsDemo,
  segmentBillingDemo,
];

const DEMO_KEY = 'demo';

export type DemoReport = {
  seed: number;
  customers: number;
  generated: Record<string, Record<string, number>>;
};

/** Runs every generator in one transaction and records that the demo was loaded. */
export async function runDemo(deps: Deps, actor: Actor, options: DemoOptions): Promise<DemoReport> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const generated: Record<string, Record<string, number>> = {};
    for (const generator of GENERATORS) {
      // Each generator draws from its own stream, so adding one does not reshuffle the others.
      const rng = createRng(options.seed * 7_919 + hashName(generator.name));
      generated[generator.name] = await generator.run({ tx, rng, options, actor, passwordHash, now });
    }
    const value = { ...options, loadedAt: now.toISOString(), generated };
    await tx
      .insert(appMeta)
      .values({ key: DEMO_KEY, value, updatedAt: now })
      .onConflictDoUpdate({ target: appMeta.key, set: { value, updatedAt: now } });
    await writeAudit(tx, actor, { action: 'demo', entity: 'installation', entityId: 'demo', after: value });
    return { ...options, generated };
  });
}

function hashName(name: string): number {
  let h = 0;
  for (const ch of name) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  return h;
}

/** On `npm start`: loads the demo once, only into an empty installation. */
export async function loadDemoOnce(
  deps: Deps,
  actor: Actor,
  options: DemoOptions,
): Promise<DemoReport | null> {
  const [marker] = await deps.db.select().from(appMeta).where(eq(appMeta.key, DEMO_KEY));
  if (marker || (await countUsers(deps.db)) > 0) return null;
  return runDemo(deps, actor, options);
}
