/**
 * Demo service resources (owner: resources module; PRODUCT.md §4 "Resources", seed 004 "服务资源"):
 * resources of the four kinds matched to service items, budgets per tier for the current month,
 * quarter and year, and a ledger of issues (and a few returns) to demo customers by their account
 * managers — some budgets left nearly used up, so the budgets grid and an over-budget issue have
 * something to show.
 *
 * Deterministic for a seed and a day (`ctx.rng`, `ctx.now`) and idempotent: resources upsert by
 * code, budgets by (resource, level, period, key), ledger rows by their seeded ids; `used` is then
 * recomputed from the ledger, so a second run (or real issues in between) stays consistent.
 * Set-based: a few statements whatever the number of customers.
 */
import { inArray, isNotNull, sql } from 'drizzle-orm';
import { customers, resourceBudgets, resourceLedger, resources, users } from '../../db/schema.ts';
import {
  fromDayNumber,
  shanghaiDayNumberOf,
  shanghaiInstant,
  toDayNumber,
} from '../../domain/calendar/dates.ts';
import type { ResourceKind } from '../../domain/resources/kinds.ts';
import { type BudgetPeriod, parsePeriodKey, periodKeyOf } from '../../domain/resources/periods.ts';
import { amountOf } from '../../domain/resources/returns.ts';
import { TIERS, type Tier } from '../../domain/tiers/scheme.ts';
import type { DemoGenerator } from './demo.service.ts';

type DemoResource = {
  code: string;
  name: string;
  nameEn: string;
  kind: ResourceKind;
  unit: string;
  unitCostFen: number;
  serviceItemCodes: string[];
  description: string;
  /** 事由 written on its demo issues. */
  reasons: string[];
  /** The budget periods (a monthly cap may sit inside a yearly one). */
  periods: BudgetPeriod[];
  /** Per tier: the chance a customer received it in the demo window, and at most how many. */
  rate: Partial<Record<Tier, number>>;
  maxQuantity: number;
  /** Per-customer allowance of a tier used to size its budget (before the demo's usage). */
  allowance: Partial<Record<Tier, number>>;
};

/** Seed 004: 实物礼品 / 电子兑换 / 低值易耗品 (and 备机) matched to the services they serve. */
export const DEMO_RESOURCES: DemoResource[] = [
  {
    code: 'GIFT-VISIT',
    reasons: ['客户经理日常拜访', '首席客户经理拜访', '高层拜访随访'],
    name: '日常拜访礼品',
    nameEn: 'Daily-visit gift',
    kind: 'gift',
    unit: '份',
    unitCostFen: 15_000,
    serviceItemCodes: ['am_visit', 'chief_visit'],
    description: '客户经理日常拜访时赠送的实物礼品',
    periods: ['month'],
    rate: { '5A': 0.8, '4A': 0.6, '3A': 0.35, '2A': 0.15 },
    maxQuantity: 2,
    allowance: { '5A': 2, '4A': 1.5, '3A': 1, '2A': 0.5 },
  },
  {
    code: 'GIFT-HOLIDAY',
    reasons: ['节日问候', '节日礼盒随访'],
    name: '节日礼盒',
    nameEn: 'Holiday gift box',
    kind: 'gift',
    unit: '盒',
    unitCostFen: 30_000,
    serviceItemCodes: ['holiday_greeting'],
    description: '节日问候随附礼盒',
    periods: ['quarter'],
    rate: { '5A': 0.7, '4A': 0.5, '3A': 0.3 },
    maxQuantity: 3,
    allowance: { '5A': 3, '4A': 2, '3A': 1 },
  },
  {
    code: 'GIFT-TERMINAL',
    reasons: ['新终端体验', '5G 终端试用'],
    name: '特殊终端(体验机)',
    nameEn: 'Special terminal (trial handset)',
    kind: 'gift',
    unit: '台',
    unitCostFen: 199_900,
    serviceItemCodes: ['trial_terminal'],
    description: '延伸服务:新终端体验',
    periods: ['year'],
    rate: { '5A': 0.3, '4A': 0.15 },
    maxQuantity: 1,
    allowance: { '5A': 0.5, '4A': 0.25 },
  },
  {
    code: 'VOUCHER-BIRTHDAY',
    reasons: ['关键联系人生日关怀', '核心成员生日关怀'],
    name: '生日关怀电子券',
    nameEn: 'Birthday-care e-voucher',
    kind: 'voucher',
    unit: '张',
    unitCostFen: 10_000,
    serviceItemCodes: ['birthday_care'],
    description: '关键联系人生日关怀电子兑换券',
    periods: ['month', 'year'],
    rate: { '5A': 0.6, '4A': 0.45, '3A': 0.3 },
    maxQuantity: 2,
    allowance: { '5A': 1, '4A': 0.6, '3A': 0.4 },
  },
  {
    code: 'VOUCHER-ALLIANCE',
    reasons: ['联盟商户体验活动', '客户满意度回访致谢'],
    name: '联盟商户体验卡',
    nameEn: 'Alliance-merchant experience card',
    kind: 'voucher',
    unit: '张',
    unitCostFen: 5_000,
    serviceItemCodes: ['alliance_merchant_card'],
    description: '延伸服务:联盟商家体验卡',
    periods: ['quarter'],
    rate: { '5A': 0.5, '4A': 0.4, '3A': 0.25, '2A': 0.1 },
    maxQuantity: 5,
    allowance: { '5A': 6, '4A': 4, '3A': 2, '2A': 1 },
  },
  {
    code: 'CONSUMABLE-FURNITURE',
    reasons: ['挂牌驻点现场布置', '营业现场服务支撑'],
    name: '服务硬件(折叠桌椅)',
    nameEn: 'Service hardware (folding tables and chairs)',
    kind: 'consumable',
    unit: '套',
    unitCostFen: 45_000,
    serviceItemCodes: ['onsite_station'],
    description: '挂牌驻点与现场服务使用的低值易耗品',
    periods: ['year'],
    rate: { '5A': 0.25, '4A': 0.1 },
    maxQuantity: 2,
    allowance: { '5A': 1, '4A': 0.5 },
  },
  {
    code: 'CONSUMABLE-CLUB',
    reasons: ['俱乐部活动', '客户答谢会'],
    name: '俱乐部活动物料',
    nameEn: 'Club event supplies',
    kind: 'consumable',
    unit: '套',
    unitCostFen: 8_000,
    serviceItemCodes: ['club_activity', 'exclusive_business_service'],
    description: '专享商务服务、俱乐部活动物料',
    periods: ['quarter'],
    rate: { '5A': 0.4, '4A': 0.3, '3A': 0.1 },
    maxQuantity: 4,
    allowance: { '5A': 4, '4A': 2, '3A': 1 },
  },
  {
    code: 'SPARE-HANDSET',
    reasons: ['终端维修期间借用备机', '故障终端替换'],
    name: '备用手机(备机)',
    nameEn: 'Loan handset (spare)',
    kind: 'spare_equipment',
    unit: '台',
    unitCostFen: 80_000,
    serviceItemCodes: ['spare_phone'],
    description: '备机服务:维修期间借用的备用手机',
    periods: ['year'],
    rate: { '5A': 0.3, '4A': 0.2, '3A': 0.1 },
    maxQuantity: 1,
    allowance: { '5A': 0.6, '4A': 0.4, '3A': 0.2 },
  },
  {
    code: 'SPARE-TESTER',
    reasons: ['网络质量测试', '故障排查'],
    name: '网络测试终端',
    nameEn: 'Network test terminal',
    kind: 'spare_equipment',
    unit: '台',
    unitCostFen: 120_000,
    serviceItemCodes: ['network_report'],
    description: '网络监测与故障排查用测试终端',
    periods: ['year'],
    rate: { '5A': 0.15, '4A': 0.05 },
    maxQuantity: 1,
    allowance: { '5A': 0.3, '4A': 0.1 },
  },
];

type Entry = {
  id: string;
  kind: 'issue' | 'return';
  resource: DemoResource;
  customerId: string;
  level: Tier;
  issueDate: string;
  at: Date;
  quantity: number;
  reason: string;
  actorId: string | null;
  actorName: string;
  returnOf: string | null;
};

/** The first day of the widest period of a resource containing `today`. */
function windowStart(resource: DemoResource, today: string): string {
  const widest = resource.periods.includes('year')
    ? 'year'
    : resource.periods.includes('quarter')
      ? 'quarter'
      : 'month';
  return parsePeriodKey(periodKeyOf(widest, today))!.fromDate;
}

export const resourcesDemo: DemoGenerator = {
  name: 'resources',
  async run({ tx, rng, now }) {
    const today = fromDayNumber(shanghaiDayNumberOf(now.getTime()));
    const todayNumber = toDayNumber(today);

    const resourceIds = new Map<string, string>();
    for (const r of DEMO_RESOURCES) {
      const values = {
        code: r.code,
        name: r.name,
        nameEn: r.nameEn,
        kind: r.kind,
        unit: r.unit,
        unitCostFen: r.unitCostFen,
        serviceItemCodes: r.serviceItemCodes,
        description: r.description,
        active: true,
      };
      const [row] = await tx
        .insert(resources)
        .values({ ...values, createdAt: now, updatedAt: now })
        .onConflictDoUpdate({ target: resources.code, set: values })
        .returning({ id: resources.id });
      resourceIds.set(r.code, row!.id);
    }

    const people = await tx
      .select({ id: users.id, username: users.username })
      .from(users)
      .where(inArray(users.role, ['account_manager', 'kam_manager']));
    const usernameOf = new Map(people.map((u) => [u.id, u.username]));
    const kam = people.find((u) => u.username === 'kam') ?? null;
    const tiered = await tx
      .select({ id: customers.id, tier: customers.tier, am: customers.accountManagerId })
      .from(customers)
      .where(isNotNull(customers.tier))
      .orderBy(customers.code);

    // Issues (and a few returns) dated from the start of each resource's widest period to today.
    const entries: Entry[] = [];
    const perLevel = new Map<Tier, number>();
    for (const c of tiered) perLevel.set(c.tier as Tier, (perLevel.get(c.tier as Tier) ?? 0) + 1);
    for (const c of tiered) {
      const level = c.tier as Tier;
      const actorId = c.am && usernameOf.has(c.am) ? c.am : (kam?.id ?? null);
      const actorName = (actorId && usernameOf.get(actorId)) || 'kam';
      for (const r of DEMO_RESOURCES) {
        const rate = r.rate[level] ?? 0;
        if (rate === 0 || rng.next() >= rate) continue;
        const from = toDayNumber(windowStart(r, today));
        const dayNumber = rng.int(from, todayNumber);
        const time = `${String(rng.int(9, 17)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`;
        let at = new Date(shanghaiInstant(fromDayNumber(dayNumber), time));
        // Today's office hours not reached yet: a little before now instead (never in the future).
        if (at > now) at = new Date(now.getTime() - rng.int(1, 30) * 60_000);
        const issueDate = fromDayNumber(Math.max(from, shanghaiDayNumberOf(at.getTime())));
        const quantity = rng.int(1, r.maxQuantity);
        const issue: Entry = {
          id: rng.uuid(),
          kind: 'issue',
          resource: r,
          customerId: c.id,
          level,
          issueDate,
          at,
          quantity,
          reason: rng.pick(r.reasons),
          actorId,
          actorName,
          returnOf: null,
        };
        entries.push(issue);
        if (rng.next() < 0.08) {
          entries.push({
            ...issue,
            id: rng.uuid(),
            kind: 'return',
            quantity: -1,
            at: new Date(Math.min(now.getTime(), at.getTime() + 86_400_000)),
            issueDate: fromDayNumber(Math.min(todayNumber, toDayNumber(issueDate) + 1)),
            reason: '客户未领取,退回',
            returnOf: issue.id,
          });
        }
      }
    }

    // Budgets per tier for the current periods, sized from the tier's customers; about a third
    // of them end up nearly used up (1–2 left) once the usage is counted.
    let budgetCount = 0;
    for (const r of DEMO_RESOURCES) {
      for (const level of TIERS) {
        const allowance = r.allowance[level];
        if (allowance === undefined) continue;
        for (const period of r.periods) {
          const periodKey = periodKeyOf(period, today);
          const span = parsePeriodKey(periodKey)!;
          const used = entries
            .filter((e) => e.resource === r && e.level === level && e.issueDate >= span.fromDate)
            .reduce((sum, e) => sum + e.quantity, 0);
          // Unused levels get a budget sized from their customers; used ones are 35–85 % used,
          // and about a third are left with only 1–2 units.
          const periodsPerYear = { month: 12, quarter: 4, year: 1 }[period];
          const sized = Math.ceil(((perLevel.get(level) ?? 0) * allowance * 12) / periodsPerYear) + 2;
          const fill = 0.35 + rng.next() * 0.5;
          const quantity =
            rng.next() < 0.35 && used > 0
              ? used + rng.int(1, 2)
              : used > 0
                ? Math.max(used + 3, Math.ceil(used / fill))
                : sized;
          const resourceId = resourceIds.get(r.code)!;
          await tx
            .insert(resourceBudgets)
            .values({
              resourceId,
              level,
              period,
              periodKey,
              quantity,
              updatedBy: 'kam',
              createdAt: now,
              updatedAt: now,
            })
            .onConflictDoUpdate({
              target: [
                resourceBudgets.resourceId,
                resourceBudgets.level,
                resourceBudgets.period,
                resourceBudgets.periodKey,
              ],
              set: { quantity: sql`greatest(${quantity}, ${resourceBudgets.used})`, updatedAt: now },
            });
          budgetCount += 1;
        }
      }
    }
    const budgetRows = await tx
      .select()
      .from(resourceBudgets)
      .where(inArray(resourceBudgets.resourceId, [...resourceIds.values()]));
    const budgetId = new Map(
      budgetRows.map((b) => [`${b.resourceId}|${b.level}|${b.period}|${b.periodKey}`, b.id]),
    );

    // The ledger, each row drawing on the budgets whose period contains its issue day.
    const issues = new Map(entries.filter((e) => e.kind === 'issue').map((e) => [e.id, e]));
    const rows = entries.map((e) => {
      const resourceId = resourceIds.get(e.resource.code)!;
      const drawnOn = e.kind === 'return' ? issues.get(e.returnOf!)!.issueDate : e.issueDate;
      const draws = e.resource.periods
        .map((period) => ({ period, periodKey: periodKeyOf(period, drawnOn) }))
        .map((d) => ({ ...d, id: budgetId.get(`${resourceId}|${e.level}|${d.period}|${d.periodKey}`) }))
        .filter((d): d is typeof d & { id: string } => d.id !== undefined);
      return {
        id: e.id,
        kind: e.kind,
        resourceId,
        customerId: e.customerId,
        level: e.level,
        issueDate: e.issueDate,
        periodKeys: draws.map((d) => d.periodKey),
        budgetIds: draws.map((d) => d.id),
        quantity: e.quantity,
        unitCostFen: e.resource.unitCostFen,
        amountFen: amountOf(e.quantity, e.resource.unitCostFen),
        reason: e.reason,
        returnOf: e.returnOf,
        actorId: e.actorId,
        actorName: e.actorName,
        at: e.at,
      };
    });
    // Issues before returns (a return references its issue); chunks stay under the parameter limit.
    const ordered = [...rows.filter((r) => r.kind === 'issue'), ...rows.filter((r) => r.kind === 'return')];
    for (let i = 0; i < ordered.length; i += 1_000) {
      await tx
        .insert(resourceLedger)
        .values(ordered.slice(i, i + 1_000))
        .onConflictDoNothing();
    }

    // `used` from the ledger itself: consistent on a rerun and with real issues in between.
    await tx.execute(sql`update resource_budgets b
      set used = u.used, quantity = greatest(b.quantity, u.used)
      from (select b2.id, coalesce(sum(l.quantity), 0)::int as used
              from resource_budgets b2
              left join resource_ledger l on b2.id = any(l.budget_ids)
             where b2.resource_id in ${sql`(${sql.join(
               [...resourceIds.values()].map((id) => sql`${id}::uuid`),
               sql`, `,
             )})`}
             group by b2.id) u
      where b.id = u.id`);

    return {
      resources: DEMO_RESOURCES.length,
      budgets: budgetCount,
      issues: issues.size,
      returns: entries.length - issues.size,
    };
  },
};
