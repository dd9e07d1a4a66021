/**
 * Demo service desk (issue 5 item 8): circuits of the customers (1–3 for key accounts, numbers like
 * `GZ-DDN-000123` by region), the customers' one visitor, and tickets across tiers created through
 * the ticket services at backdated instants — closed with a satisfied visit, resolved with an open
 * visit (some overdue), open at every stage, some breaching and escalated, one reopened by a
 * dissatisfied visit.
 *
 * Deterministic per seed and idempotent: circuits are upserted by number, visitors inserted once
 * per customer, and the tickets are generated only once (a second run finds them by their demo
 * marker and adds none).
 */
import { type SQL, sql } from 'drizzle-orm';
import { queryRows } from '../../db/database.ts';
import { chooseVisitor } from '../../domain/visits/visitor.ts';
import type { CIRCUIT_PRODUCTS } from '../circuits/circuits.schema.ts';
import { listRegionNodes, listVisitorCandidates } from '../visits/visits.repo.ts';
import type { DemoContext, DemoGenerator } from './demo.service.ts';
import { seedDeskTickets } from './demo-desk-tickets.ts';

/** The product part of a demo circuit number (`GZ-SDH-000123`). */
export const PRODUCT_CODES: Record<(typeof CIRCUIT_PRODUCTS)[number], string> = {
  digital_circuit: 'SDH',
  data_circuit: 'MSTP',
  ddn: 'DDN',
  fr_atm: 'ATM',
  dedicated_internet: 'DIA',
  broadband: 'BB',
  idc: 'IDC',
  fixed_line: 'PSTN',
  other: 'OTH',
};

/** Products weighted as key accounts hold them: mostly internet lines and data circuits. */
const PRODUCT_DRAW: (typeof CIRCUIT_PRODUCTS)[number][] = [
  'dedicated_internet',
  'dedicated_internet',
  'dedicated_internet',
  'data_circuit',
  'data_circuit',
  'digital_circuit',
  'ddn',
  'broadband',
  'idc',
  'fixed_line',
  'fr_atm',
];
const BANDWIDTHS = [10, 20, 50, 100, 200, 500, 1000, 2000, 10000];

type DemoCustomer = {
  id: string;
  code: string;
  name: string;
  regionCode: string;
  regionName: string | null;
  address: string | null;
  tier: string | null;
  groupClass: string | null;
};

/** The city part of a region code (`GD-GZ` → `GZ`). */
/** The city part of a demo circuit number: the last part of the region code. */
export const cityOf = (region: string) => region.split('-').pop()!.toUpperCase();

async function demoCustomers(ctx: DemoContext): Promise<DemoCustomer[]> {
  return queryRows<DemoCustomer>(
    ctx.tx,
    sql`select c.id, c.code, c.name, c.region_code as "regionCode", r.name as "regionName", c.address, c.tier,
        c.group_class as "groupClass"
      from customers c left join regions r on r.code = c.region_code
      where c.status = 'active' order by c.code`,
  );
}

/** 1–3 circuits per key account (a tier or group class), 0–1 otherwise; upserted by number. */
async function seedCircuits(ctx: DemoContext, list: readonly DemoCustomer[]): Promise<number> {
  const { tx, rng, now } = ctx;
  const rows: SQL[] = [];
  list.forEach((c, index) => {
    const key = c.tier !== null || c.groupClass !== null;
    const count = key ? rng.int(1, 3) : rng.int(0, 1);
    for (let i = 0; i < count; i++) {
      const product = rng.pick(PRODUCT_DRAW);
      const serial = String(index * 3 + i + 1).padStart(6, '0');
      const number = `${cityOf(c.regionCode)}-${PRODUCT_CODES[product]}-${serial}`;
      const scope = rng.pick(['local', 'local', 'local', 'in_province', 'inter_province'] as const);
      const bandwidth = product === 'fixed_line' ? null : rng.pick(BANDWIDTHS);
      const aEnd = c.address ?? `${c.regionName ?? c.regionCode}${c.name}`;
      const zEnd =
        scope === 'local'
          ? `${c.regionName ?? ''}${rng.pick(['天河', '南山', '禅城', '南城', '青秀'])}局`
          : scope === 'in_province'
            ? `${rng.pick(['广州', '深圳', '佛山', '东莞'])}分公司机房`
            : `${rng.pick(['北京', '上海', '杭州', '成都'])}总部机房`;
      const activated = new Date(now.getTime() - rng.int(60, 2_000) * 86_400_000).toISOString().slice(0, 10);
      rows.push(
        sql`(${number}, ${c.id}::uuid, ${product}, ${scope}, ${bandwidth}::int, ${aEnd}, ${zEnd}, ${activated}::date)`,
      );
    }
  });
  for (let i = 0; i < rows.length; i += 500) {
    await tx.execute(sql`insert into circuits (circuit_number, customer_id, product, scope, bandwidth_mbps, a_end,
        z_end, activated_on)
      values ${sql.join(rows.slice(i, i + 500), sql`, `)}
      on conflict (circuit_number) do update set customer_id = excluded.customer_id, product = excluded.product,
        scope = excluded.scope, bandwidth_mbps = excluded.bandwidth_mbps, a_end = excluded.a_end,
        z_end = excluded.z_end, activated_on = excluded.activated_on`);
  }
  return rows.length;
}

/** Gives every customer without one its visitor (region first, then load), as the first visit would. */
async function seedVisitors(ctx: DemoContext, list: readonly DemoCustomer[]): Promise<number> {
  const { tx, now, actor } = ctx;
  const assigned = new Set(
    (await queryRows<{ id: string }>(tx, sql`select customer_id as id from customer_visitors`)).map(
      (r) => r.id,
    ),
  );
  const candidates = await listVisitorCandidates(tx);
  const regions = await listRegionNodes(tx);
  const rows: SQL[] = [];
  for (const c of list) {
    if (assigned.has(c.id)) continue;
    const visitor = chooseVisitor(null, candidates, c.regionCode, regions);
    if (!visitor) break;
    // Spread customers over the agents as their visits would spread.
    const chosen = candidates.find((k) => k.id === visitor)!;
    chosen.openVisits += 1;
    rows.push(sql`(${c.id}::uuid, ${visitor}::uuid, ${now.toISOString()}::timestamptz, ${actor.name})`);
  }
  for (let i = 0; i < rows.length; i += 500) {
    await tx.execute(sql`insert into customer_visitors (customer_id, visitor_id, assigned_at, assigned_by)
      values ${sql.join(rows.slice(i, i + 500), sql`, `)} on conflict (customer_id) do nothing`);
  }
  return rows.length;
}

export const deskDemo: DemoGenerator = {
  name: 'desk',
  async run(ctx) {
    const list = await demoCustomers(ctx);
    const circuits = await seedCircuits(ctx, list);
    const visitors = await seedVisitors(ctx, list);
    const tickets = await seedDeskTickets(ctx, list.length);
    return { circuits, visitors, ...tickets };
  },
};
