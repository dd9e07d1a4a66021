/**
 * Demo product orders (issue 6 item 9), created THROUGH the order services at backdated instants,
 * so lines, due dates, events, circuits, slips, visits, tasks, notifications and audit entries are
 * what real use leaves:
 *
 * - open orders of each class, on time and a few overdue, one held;
 * - orders without a class (dated by the entitlement), cross-operator lines, an IDC line (no due date);
 * - activated on time, and activated late (→ `provisioning_late` compensation slips);
 * - customer HQs with the delivery done, and with the delivery task still pending;
 * - a cancelled order.
 *
 * About 0.02 × customers orders (at least one per scenario, at most 40). Idempotent: each planned
 * order carries the external id `DEMO-PO-0001`…; a later run creates only the missing ones.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../db/audit.ts';
import { type Db, queryRows } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import type { ScopedUser } from '../../domain/access.ts';
import type { ProgressMilestone } from '../../domain/orders/lifecycle.ts';
import type { OrderProduct } from '../../domain/orders/order-plan.ts';
import type { ProvisioningClass } from '../../domain/orders/provisioning-class.ts';
import { createCalendarStore } from '../calendar/calendar.service.ts';
import { activateItem } from '../orders/activation.service.ts';
import type { CreateOrderBody } from '../orders/orders.schema.ts';
import { changeOrderState, createOrder } from '../orders/orders.service.ts';
import { deliverItem, recordMilestone } from '../orders/progress.service.ts';
import type { DemoContext } from './demo.service.ts';
import { cityOf, PRODUCT_CODES } from './demo-desk.ts';

const DAY = 86_400_000;

type Line = {
  product: OrderProduct;
  scope?: 'local' | 'in_province' | 'inter_province';
  cls?: ProvisioningClass | null;
  cross?: boolean;
  fee: number;
  monthly: number;
  bw?: number;
};

type Scenario = {
  key: string;
  hq?: boolean;
  /** Days before now the order was accepted. */
  age: number;
  lines: Line[];
  /** Milestones of line 1: [days after acceptance, milestone]. */
  progress?: [number, ProgressMilestone][];
  /** Activate every line this many days after acceptance. */
  activateAfter?: number;
  deliver?: boolean;
  hold?: string;
  cancel?: string;
};

const SCENARIOS: Scenario[] = [
  {
    key: 'openExpress',
    age: 2,
    lines: [{ product: 'digital_circuit', cls: 'express', fee: 300_000, monthly: 120_000, bw: 100 }],
    progress: [[1, 'survey']],
  },
  {
    key: 'openUrgent',
    age: 6,
    lines: [{ product: 'ddn', cls: 'urgent', fee: 150_000, monthly: 60_000, bw: 2 }],
    progress: [
      [2, 'survey'],
      [4, 'design'],
    ],
  },
  {
    key: 'openNormal',
    age: 10,
    lines: [
      { product: 'fr_atm', scope: 'in_province', cls: 'normal', fee: 200_000, monthly: 80_000, bw: 10 },
    ],
    progress: [[3, 'survey']],
  },
  {
    key: 'overdueNormal',
    age: 45,
    lines: [
      {
        product: 'digital_circuit',
        scope: 'in_province',
        cls: 'normal',
        fee: 250_000,
        monthly: 90_000,
        bw: 155,
      },
    ],
    progress: [
      [5, 'survey'],
      [12, 'design'],
      [25, 'construction'],
    ],
  },
  {
    key: 'overdueExpress',
    age: 16,
    lines: [{ product: 'digital_circuit', cls: 'express', fee: 400_000, monthly: 150_000, bw: 1000 }],
    progress: [
      [1, 'survey'],
      [3, 'construction'],
    ],
  },
  {
    key: 'entitlement',
    age: 8,
    lines: [
      { product: 'data_circuit', scope: 'inter_province', fee: 180_000, monthly: 70_000, bw: 50 },
      { product: 'dedicated_internet', fee: 100_000, monthly: 200_000, bw: 200 },
    ],
  },
  {
    key: 'crossOperator',
    age: 12,
    lines: [
      {
        product: 'digital_circuit',
        scope: 'inter_province',
        cross: true,
        fee: 350_000,
        monthly: 160_000,
        bw: 100,
      },
    ],
    progress: [[4, 'survey']],
  },
  { key: 'idc', age: 5, lines: [{ product: 'idc', fee: 500_000, monthly: 800_000 }] },
  {
    key: 'held',
    age: 20,
    lines: [{ product: 'ddn', cls: 'normal', fee: 120_000, monthly: 50_000, bw: 2 }],
    progress: [[3, 'survey']],
    hold: '客户机房装修,暂缓施工',
  },
  {
    key: 'lateExpress',
    age: 60,
    lines: [{ product: 'digital_circuit', cls: 'express', fee: 300_000, monthly: 120_000, bw: 100 }],
    progress: [
      [1, 'survey'],
      [3, 'construction'],
      [8, 'testing'],
    ],
    activateAfter: 11,
  },
  {
    key: 'lateUrgent',
    age: 75,
    lines: [{ product: 'ddn', cls: 'urgent', fee: 200_000, monthly: 60_000, bw: 2 }],
    progress: [
      [2, 'survey'],
      [10, 'construction'],
    ],
    activateAfter: 24,
  },
  {
    key: 'lateNormal',
    age: 90,
    lines: [{ product: 'fr_atm', cls: 'normal', fee: 260_000, monthly: 90_000, bw: 10 }],
    progress: [
      [5, 'survey'],
      [20, 'construction'],
    ],
    activateAfter: 38,
  },
  {
    key: 'onTimeNormal',
    age: 50,
    lines: [
      { product: 'digital_circuit', cls: 'normal', fee: 220_000, monthly: 80_000, bw: 45 },
      { product: 'fixed_line', fee: 20_000, monthly: 5_000 },
    ],
    progress: [
      [3, 'survey'],
      [10, 'testing'],
    ],
    activateAfter: 18,
  },
  {
    key: 'onTimeEntitlement',
    age: 40,
    lines: [{ product: 'broadband', fee: 30_000, monthly: 30_000, bw: 300 }],
    activateAfter: 9,
  },
  {
    key: 'hqDelivered',
    hq: true,
    age: 35,
    lines: [
      { product: 'digital_circuit', cls: 'urgent', fee: 280_000, monthly: 100_000, bw: 155 },
      { product: 'dedicated_internet', fee: 80_000, monthly: 150_000, bw: 100 },
    ],
    progress: [
      [2, 'survey'],
      [6, 'testing'],
    ],
    activateAfter: 9,
    deliver: true,
  },
  {
    key: 'hqPending',
    hq: true,
    age: 9,
    lines: [{ product: 'ddn', cls: 'express', fee: 160_000, monthly: 60_000, bw: 2 }],
    progress: [[1, 'survey']],
    activateAfter: 7,
  },
  {
    key: 'cancelled',
    age: 25,
    lines: [{ product: 'data_circuit', fee: 90_000, monthly: 40_000, bw: 20 }],
    cancel: '客户项目取消',
  },
];

type DemoCustomer = { id: string; regionCode: string; isHeadquarters: boolean; amId: string; amName: string };
type Person = { id: string; name: string; regionCode: string | null };

export const ordersDemo = {
  name: 'orders',
  async run(ctx: DemoContext): Promise<Record<string, number>> {
    const { tx, rng, options } = ctx;
    const count = Math.min(40, Math.max(SCENARIOS.length, Math.round(options.customers * 0.02)));
    const existing = new Set(
      (
        await queryRows<{ externalId: string }>(
          tx,
          sql`select external_id as "externalId" from product_orders where external_id like 'DEMO-PO-%'`,
        )
      ).map((r) => r.externalId),
    );
    const customers = await queryRows<DemoCustomer>(
      tx,
      sql`select c.id, c.region_code as "regionCode", c.is_headquarters as "isHeadquarters",
          c.account_manager_id as "amId", u.display_name as "amName"
        from customers c join users u on u.id = c.account_manager_id
        where c.account_manager_id is not null
        order by c.is_headquarters desc, c.tier nulls last, c.code limit 400`,
    );
    const [ops] = await queryRows<Person>(
      tx,
      sql`select id, display_name as name, region_code as "regionCode" from users
        where role = 'ops_engineer' and active order by username limit 1`,
    );
    const [admin] = await queryRows<Person>(
      tx,
      sql`select id, display_name as name, region_code as "regionCode" from users where role = 'admin' order by username limit 1`,
    );
    if (customers.length === 0 || !ops || !admin) return { orders: 0 };
    const hqs = customers.filter((c) => c.isHeadquarters);
    const others = customers.filter((c) => !c.isHeadquarters);
    const everyone: ScopedUser = { id: admin.id, role: 'admin', regionCode: null };
    const opsActor: Actor = { id: ops.id, name: ops.name, role: 'ops_engineer', regionCode: ops.regionCode };
    const calendars = createCalendarStore();
    let clock = ctx.now;
    const deps = {
      db: tx as unknown as Db,
      now: () => clock,
      calendars,
    } as unknown as Deps;

    let created = 0;
    let activated = 0;
    let circuitSeq = 0;
    for (let n = 1; n <= count; n++) {
      const externalId = `DEMO-PO-${String(n).padStart(4, '0')}`;
      const s = SCENARIOS[(n - 1) % SCENARIOS.length]!;
      if (existing.has(externalId)) continue;
      const pool = s.hq && hqs.length > 0 ? hqs : others.length > 0 ? others : customers;
      const customer = rng.pick(pool);
      const amActor: Actor = {
        id: customer.amId,
        name: customer.amName,
        role: 'account_manager',
        regionCode: customer.regionCode,
      };
      const acceptedAt = new Date(ctx.now.getTime() - s.age * DAY - rng.int(0, 5) * 3_600_000);
      clock = acceptedAt;
      const body: CreateOrderBody = {
        customerId: customer.id,
        priority: s.lines.some((l) => l.cls === 'express') ? '1' : '2',
        channel: 'account_manager',
        description: `演示定单(${s.key})`,
        requestedCompletionDate: null,
        externalId,
        items: s.lines.map((l) => ({
          product: l.product,
          scope: l.scope ?? 'local',
          crossOperator: l.cross ?? false,
          provisioningClass: l.cls ?? null,
          bandwidthMbps: l.bw ?? null,
          aEnd: l.product === 'idc' ? null : '客户总部机房',
          zEnd: l.product === 'idc' ? null : '分支机构',
          listOneTimeFeeFen: l.fee,
          monthlyFeeFen: l.monthly,
        })),
      };
      const orderId = await createOrder(deps, everyone, amActor, body);
      created++;
      const items = await queryRows<{ id: string; product: OrderProduct }>(
        tx,
        sql`select id, product from product_order_items where order_id = ${orderId}::uuid order by line_no`,
      );
      for (const [days, milestone] of s.progress ?? []) {
        clock = new Date(acceptedAt.getTime() + days * DAY);
        await recordMilestone(deps, everyone, opsActor, orderId, items[0]!.id, { milestone });
      }
      if (s.hold) {
        clock = new Date(acceptedAt.getTime() + 5 * DAY);
        await changeOrderState(deps, everyone, opsActor, orderId, { state: 'held', reason: s.hold });
      }
      if (s.cancel) {
        clock = new Date(acceptedAt.getTime() + 2 * DAY);
        await changeOrderState(deps, everyone, opsActor, orderId, { state: 'cancelled', reason: s.cancel });
      }
      if (s.activateAfter !== undefined) {
        clock = new Date(acceptedAt.getTime() + s.activateAfter * DAY);
        for (const item of items) {
          circuitSeq++;
          const circuitNumber =
            item.product === 'idc'
              ? null
              : // numbered like the desk demo's circuits, in a range of their own (8xxxxx)
                `${cityOf(customer.regionCode)}-${PRODUCT_CODES[item.product]}-8${String(circuitSeq).padStart(5, '0')}`;
          await activateItem(deps, everyone, opsActor, orderId, item.id, { circuitNumber });
          activated++;
        }
        if (s.deliver) {
          clock = new Date(clock.getTime() + 2 * DAY);
          for (const item of items)
            await deliverItem(deps, everyone, amActor, orderId, item.id, { note: '交付资料已当面交客户' });
        }
      }
    }
    clock = ctx.now;
    return { orders: created, activatedLines: activated };
  },
};
