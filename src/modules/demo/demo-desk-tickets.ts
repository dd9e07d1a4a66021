/**
 * Demo tickets of the service desk (issue 5 item 8), created THROUGH the ticket, visit and
 * escalation services at backdated instants, so every row, event, clock, visit, task,
 * notification and audit entry is what real use would leave:
 *
 * - closed faults and complaints whose return visit was satisfied;
 * - resolved faults with an open visit, some overdue;
 * - open tickets at every stage (front desk, ops, field, key-account department), pending, held,
 *   each taken by someone in the department it was handed to — but one handed to ops that nobody
 *   has taken (its response limit runs out and escalates to the NOC head);
 * - a fault reopened by a dissatisfied visit (with the account manager's follow-up task);
 * - escalation sweeps replayed along each ticket's history, at the instants the 30-second job would
 *   have swept, so the clocks that ran out breach and escalate when they would have.
 *
 * About 0.12 × customers tickets (at least one per scenario, at most 300), key accounts first so every tier
 * shows. Idempotent: each planned ticket carries the external id `DEMO-DESK-0001`…; a later run
 * creates only the planned tickets not there yet.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../db/audit.ts';
import { type Db, queryRows, type Tx } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import type { Role } from '../../domain/access.ts';
import type { Severity, TicketType } from '../../domain/desk/config.ts';
import { ticketTierOf, tierRank } from '../../domain/tickets/queue.ts';
import type { VisitOutcome } from '../../domain/visits/visits.ts';
import { type CalendarStore, createCalendarStore } from '../calendar/calendar.service.ts';
import { newSweepMemo, runEscalationSweep, type SweepMemo } from '../desk/escalation.service.ts';
import type { TicketChannel } from '../tickets/tickets.schema.ts';
import { assignFor, changeStageFor, changeTicketStatus, createTicketTx } from '../tickets/tickets.service.ts';
import { recordVisitOutcomeTx } from '../visits/visits.service.ts';
import type { DemoContext } from './demo.service.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

type Who = 'frontdesk' | 'ops' | 'field' | 'kam' | 'visitor';

/** One step of a ticket's life, `after` its creation. */
type Step =
  | { after: number; who: Who; stage: string }
  | { after: number; who: Who; status: string; reason?: string }
  | { after: number; who: Who; assign: Exclude<Who, 'visitor'> }
  | { after: number; who: 'visitor'; outcome: VisitOutcome; note: string; score: number };

type Scenario = {
  key: string;
  ticketType: TicketType;
  severity: Severity;
  /** How long before now the ticket was created: [min, max] in ms. */
  age: [number, number];
  name: string;
  description: string;
  steps: Step[];
};

const SCENARIOS: Record<string, Scenario> = {
  closedSatisfied: {
    key: 'closedSatisfied',
    ticketType: 'fault',
    severity: 'major',
    age: [6 * DAY, 40 * DAY],
    name: '互联网专线中断',
    description: '客户来电:总部互联网专线中断,业务系统无法访问。',
    steps: [
      { after: 10 * MIN, who: 'frontdesk', stage: 'ops' },
      { after: 14 * MIN, who: 'ops', assign: 'ops' },
      { after: 30 * MIN, who: 'ops', status: 'inProgress' },
      { after: 2 * HOUR, who: 'ops', stage: 'field' },
      { after: 2 * HOUR + 6 * MIN, who: 'field', assign: 'field' },
      { after: 4 * HOUR, who: 'field', status: 'resolved' },
      {
        after: 1 * DAY + 4 * HOUR,
        who: 'visitor',
        outcome: 'satisfied',
        note: '客户确认专线恢复正常,对抢修速度满意',
        score: 5,
      },
    ],
  },
  frontdesk: {
    key: 'frontdesk',
    ticketType: 'fault',
    severity: 'critical',
    age: [18 * MIN, 45 * MIN],
    name: '数据专线全部中断',
    description: '客户报障:数据中心至分支机构的数据专线全部中断,生产系统停摆。',
    steps: [],
  },
  opsBreached: {
    key: 'opsBreached',
    ticketType: 'fault',
    severity: 'critical',
    age: [5 * HOUR, 7 * HOUR],
    name: '核心链路丢包严重',
    description: '客户反映核心链路丢包率超过30%,视频会议无法进行。',
    steps: [
      { after: 8 * MIN, who: 'frontdesk', stage: 'ops' },
      { after: 11 * MIN, who: 'ops', assign: 'ops' },
      { after: 20 * MIN, who: 'ops', status: 'inProgress' },
    ],
  },
  resolvedOverdue: {
    key: 'resolvedOverdue',
    ticketType: 'fault',
    severity: 'major',
    age: [5 * DAY, 6 * DAY],
    name: '专线时断时续',
    description: '专线每隔数小时中断几分钟,客户要求彻底排查。',
    steps: [
      { after: 12 * MIN, who: 'frontdesk', stage: 'ops' },
      { after: 19 * MIN, who: 'ops', assign: 'ops' },
      { after: 1 * HOUR, who: 'ops', status: 'inProgress' },
      { after: 6 * HOUR, who: 'ops', status: 'resolved' },
    ],
  },
  reopened: {
    key: 'reopened',
    ticketType: 'fault',
    severity: 'major',
    age: [6 * DAY, 8 * DAY],
    name: '语音中继故障',
    description: '客户总机呼入时常无法接通,怀疑中继故障。',
    steps: [
      { after: 10 * MIN, who: 'frontdesk', stage: 'ops' },
      { after: 16 * MIN, who: 'ops', assign: 'ops' },
      { after: 1 * HOUR, who: 'ops', status: 'inProgress' },
      { after: 5 * HOUR, who: 'ops', status: 'resolved' },
      {
        after: 2 * DAY,
        who: 'visitor',
        outcome: 'dissatisfied',
        note: '客户反映呼入仍偶有失败,对处理结果不满意',
        score: 2,
      },
      { after: 2 * DAY + 2 * HOUR, who: 'ops', status: 'inProgress' },
    ],
  },
  resolvedVisit: {
    key: 'resolvedVisit',
    ticketType: 'fault',
    severity: 'minor',
    age: [30 * HOUR, 40 * HOUR],
    name: '宽带速率不达标',
    description: '客户测速仅为签约带宽的一半。',
    steps: [
      { after: 15 * MIN, who: 'frontdesk', stage: 'ops' },
      { after: 27 * MIN, who: 'ops', assign: 'ops' },
      { after: 40 * MIN, who: 'ops', status: 'inProgress' },
      { after: 5 * HOUR, who: 'ops', status: 'resolved' },
    ],
  },
  opsUntaken: {
    key: 'opsUntaken',
    ticketType: 'fault',
    severity: 'major',
    age: [40 * MIN, 55 * MIN],
    name: '专线链路告警未处理',
    description: '客户报障:分支机构专线闪断告警,前台已派至网络运维,至今无人接单。',
    steps: [{ after: 9 * MIN, who: 'frontdesk', stage: 'ops' }],
  },
  fresh: {
    key: 'fresh',
    ticketType: 'fault',
    severity: 'minor',
    age: [2 * MIN, 6 * MIN],
    name: '固定电话无拨号音',
    description: '客户来电:前台两部固定电话无拨号音。',
    steps: [],
  },
  onTrack: {
    key: 'onTrack',
    ticketType: 'fault',
    severity: 'major',
    age: [35 * MIN, 70 * MIN],
    name: '专线间歇性中断',
    description: '客户反映专线每隔数分钟中断一次,持续约十秒。',
    steps: [
      { after: 6 * MIN, who: 'frontdesk', stage: 'ops' },
      { after: 12 * MIN, who: 'ops', assign: 'ops' },
      { after: 15 * MIN, who: 'ops', status: 'inProgress' },
    ],
  },
  field: {
    key: 'field',
    ticketType: 'fault',
    severity: 'major',
    age: [3 * HOUR, 4 * HOUR],
    name: '光缆被挖断',
    description: '市政施工挖断接入光缆,需现场抢修。',
    steps: [
      { after: 10 * MIN, who: 'frontdesk', stage: 'ops' },
      { after: 17 * MIN, who: 'ops', assign: 'ops' },
      { after: 40 * MIN, who: 'ops', status: 'inProgress' },
      { after: 90 * MIN, who: 'ops', stage: 'field' },
      { after: 100 * MIN, who: 'field', assign: 'field' },
    ],
  },
  kamComplaint: {
    key: 'kamComplaint',
    ticketType: 'complaint',
    severity: 'major',
    age: [20 * HOUR, 30 * HOUR],
    name: '投诉:故障处理时间过长',
    description: '客户投诉上周专线故障处理超过承诺时限,要求说明并赔偿。',
    steps: [
      { after: 30 * MIN, who: 'frontdesk', stage: 'kam' },
      { after: 55 * MIN, who: 'kam', assign: 'kam' },
      { after: 2 * HOUR, who: 'kam', status: 'inProgress' },
    ],
  },
  pending: {
    key: 'pending',
    ticketType: 'request',
    severity: 'minor',
    age: [6 * HOUR, 9 * HOUR],
    name: '申请专线带宽临时提升',
    description: '客户申请周末活动期间将专线带宽临时提升至1G。',
    steps: [
      { after: 20 * MIN, who: 'frontdesk', stage: 'ops' },
      { after: 32 * MIN, who: 'ops', assign: 'ops' },
      { after: 1 * HOUR, who: 'ops', status: 'pending', reason: '等待客户提供机房进场许可' },
    ],
  },
  closedComplaint: {
    key: 'closedComplaint',
    ticketType: 'complaint',
    severity: 'minor',
    age: [10 * DAY, 25 * DAY],
    name: '投诉:账单金额有误',
    description: '客户投诉本月账单多收专线月租费。',
    steps: [
      { after: 20 * MIN, who: 'frontdesk', stage: 'kam' },
      { after: 50 * MIN, who: 'kam', assign: 'kam' },
      { after: 3 * HOUR, who: 'kam', status: 'inProgress' },
      { after: 1 * DAY, who: 'kam', status: 'resolved' },
      { after: 2 * DAY, who: 'visitor', outcome: 'satisfied', note: '已退还多收费用,客户表示认可', score: 4 },
    ],
  },
  inquiryClosed: {
    key: 'inquiryClosed',
    ticketType: 'inquiry',
    severity: 'minor',
    age: [2 * DAY, 4 * DAY],
    name: '咨询:专线SLA条款',
    description: '客户咨询专线服务等级协议中的可用率与赔付条款。',
    steps: [
      { after: 30 * MIN, who: 'frontdesk', status: 'inProgress' },
      { after: 2 * HOUR, who: 'frontdesk', status: 'resolved' },
      { after: 1 * DAY, who: 'frontdesk', status: 'closed' },
    ],
  },
  held: {
    key: 'held',
    ticketType: 'fault',
    severity: 'minor',
    age: [2 * DAY, 3 * DAY],
    name: '分支机构网络偶发延迟',
    description: '分支机构访问总部偶发延迟,客户要求择期排查。',
    steps: [
      { after: 15 * MIN, who: 'frontdesk', stage: 'ops' },
      { after: 24 * MIN, who: 'ops', assign: 'ops' },
      { after: 1 * HOUR, who: 'ops', status: 'held', reason: '客户要求周末择期处理' },
    ],
  },
};

/** The first ones show every case; beyond, a mix weighted like a real desk (mostly closed). */
const FIRST = [
  'opsBreached',
  'frontdesk',
  'closedSatisfied',
  'resolvedOverdue',
  'reopened',
  'field',
  'resolvedVisit',
  'kamComplaint',
  'pending',
  'closedComplaint',
  'inquiryClosed',
  'held',
  'fresh',
  'onTrack',
  'opsUntaken',
];
const MIX = [
  'fresh',
  'onTrack',
  'onTrack',
  'closedSatisfied',
  'closedSatisfied',
  'closedSatisfied',
  'closedComplaint',
  'inquiryClosed',
  'resolvedVisit',
  'resolvedOverdue',
  'frontdesk',
  'opsBreached',
  'field',
  'kamComplaint',
  'pending',
  'held',
];
const CHANNELS: TicketChannel[] = [
  'phone',
  'hotline',
  'hotline',
  'account_manager',
  'wechat',
  'email',
  'web',
];

type DemoUser = { id: string; username: string; role: Role; regionCode: string | null };
type Customer = {
  id: string;
  tier: string | null;
  stars: number | null;
  groupClass: string | null;
  code: string;
};

/** What the deps-taking ticket services need, on the demo's transaction and a clock set per step. */
function deskDeps(tx: Tx, calendars: CalendarStore, clock: { at: Date }): Deps {
  return {
    db: tx as unknown as Db,
    calendars,
    now: () => clock.at,
  } as unknown as Deps;
}

const actorOf = (u: DemoUser): Actor => ({
  id: u.id,
  name: u.username,
  role: u.role,
  regionCode: u.regionCode,
});

export async function seedDeskTickets(
  ctx: DemoContext,
  customerCount: number,
): Promise<Record<string, number>> {
  const { tx, rng, now } = ctx;
  const planned = Math.min(300, Math.max(FIRST.length, Math.round(customerCount * 0.12)));
  const customers = await queryRows<Customer>(
    tx,
    sql`select id, code, tier, stars, group_class as "groupClass" from customers where status = 'active' order by code`,
  );
  const people = await queryRows<DemoUser>(
    tx,
    sql`select id, username, role, region_code as "regionCode" from users
      where username in ('admin', 'frontdesk', 'ops', 'field', 'kam')`,
  );
  const user = (name: string) => people.find((p) => p.username === name);
  const admin = user('admin');
  if (customers.length === 0 || !admin) return { tickets: 0 };
  // Key accounts first, spread over the list so every tier shows.
  const ranked = [...customers].sort(
    (a, b) => tierRank(ticketTierOf(b)) - tierRank(ticketTierOf(a)) || a.code.localeCompare(b.code),
  );
  const existing = new Set(
    (
      await queryRows<{ externalId: string }>(
        tx,
        sql`select external_id as "externalId" from tickets where external_id like 'DEMO-DESK-%'`,
      )
    ).map((r) => r.externalId),
  );
  const calendars = createCalendarStore();
  const clock = { at: now };
  const deps = deskDeps(tx, calendars, clock);
  const scope = { id: admin.id, role: 'admin' as const, regionCode: null };
  const actors: Record<Exclude<Who, 'visitor'>, Actor> = {
    frontdesk: actorOf(user('frontdesk') ?? admin),
    ops: actorOf(user('ops') ?? admin),
    field: actorOf(user('field') ?? admin),
    kam: actorOf(user('kam') ?? admin),
  };
  const assignees: Record<Exclude<Who, 'visitor'>, string> = {
    frontdesk: (user('frontdesk') ?? admin).id,
    ops: (user('ops') ?? admin).id,
    field: (user('field') ?? admin).id,
    kam: (user('kam') ?? admin).id,
  };
  let created = 0;
  let fired = 0;
  // the people, departments and desk configuration do not change while the demo loads
  const memo = newSweepMemo();
  for (let i = 0; i < planned; i++) {
    // Draw for every planned ticket, created or not, so a re-run draws the same for the rest.
    const scenario = SCENARIOS[i < FIRST.length ? FIRST[i]! : rng.pick(MIX)]!;
    const age = rng.int(scenario.age[0] / MIN, scenario.age[1] / MIN) * MIN;
    const channel = rng.pick(CHANNELS);
    const customer =
      planned <= ranked.length
        ? ranked[Math.floor((i * ranked.length) / planned)]!
        : ranked[i % ranked.length]!;
    const externalId = `DEMO-DESK-${String(i + 1).padStart(4, '0')}`;
    if (existing.has(externalId)) continue;
    const createdAt = new Date(now.getTime() - age);
    const circuit = (
      await queryRows<{ id: string }>(
        tx,
        sql`select id from circuits where customer_id = ${customer.id}::uuid order by circuit_number limit 1`,
      )
    )[0];
    const { id } = await createTicketTx(
      tx,
      calendars,
      scope,
      actors.frontdesk,
      {
        customerId: customer.id,
        ticketType: scenario.ticketType,
        severity: scenario.severity,
        channel,
        name: scenario.name,
        description: scenario.description,
        circuitId:
          scenario.ticketType === 'fault' || scenario.ticketType === 'request' ? (circuit?.id ?? null) : null,
        externalId,
      },
      createdAt,
    );
    for (const step of scenario.steps) {
      const at = new Date(createdAt.getTime() + step.after);
      // the steps its clocks crossed before this action fire at the instants the job would have
      fired += await sweepAsItRan(deps, clock, memo, id, at);
      clock.at = at;
      if ('outcome' in step) {
        const visit = (
          await queryRows<{
            id: string;
            visitorId: string;
            username: string;
            role: Role;
            regionCode: string | null;
          }>(
            tx,
            sql`select v.id, v.visitor_id as "visitorId", u.username, u.role, u.region_code as "regionCode"
              from return_visits v join users u on u.id = v.visitor_id
              where v.ticket_id = ${id}::uuid and v.status = 'open'`,
          )
        )[0];
        if (!visit) continue;
        const visitor = {
          id: visit.visitorId,
          username: visit.username,
          role: visit.role,
          regionCode: visit.regionCode,
        };
        await recordVisitOutcomeTx(
          tx,
          calendars,
          visitor,
          actorOf(visitor),
          visit.id,
          { outcome: step.outcome, note: step.note, score: step.score, contactName: '客户联系人' },
          at,
        );
      } else if ('stage' in step) {
        await changeStageFor(deps, scope, actors[step.who as Exclude<Who, 'visitor'>], id, {
          stageCode: step.stage,
        });
      } else if ('assign' in step) {
        await assignFor(deps, scope, actors[step.who as Exclude<Who, 'visitor'>], id, assignees[step.assign]);
      } else {
        await changeTicketStatus(
          tx,
          calendars,
          actors[step.who as Exclude<Who, 'visitor'>],
          id,
          { status: step.status, reason: step.reason ?? null },
          at,
        );
      }
    }
    fired += await sweepAsItRan(deps, clock, memo, id, now);
    created += 1;
  }
  // Whatever else is due now (tickets of an earlier run of the demo): as the 30-second job would.
  clock.at = now;
  fired += (await runEscalationSweep(deps, now)).fired;
  return { tickets: created, escalations: fired };
}

/**
 * Fires the steps the ticket's clocks crossed up to `until` at the instants the 30-second job
 * would have (a sweep as of each check that came due), so its timeline and the notifications
 * carry those times rather than the moment the demo was loaded. Returns the steps fired.
 */
async function sweepAsItRan(
  deps: Deps,
  clock: { at: Date },
  memo: SweepMemo,
  ticketId: string,
  until: Date,
): Promise<number> {
  let fired = 0;
  let last = Number.NEGATIVE_INFINITY;
  for (;;) {
    const [next] = await queryRows<{ at: Date | string | null }>(
      deps.db,
      sql`select min(next_check_at) as at from sla_instances
        where ticket_id = ${ticketId}::uuid and next_check_at <= ${until.toISOString()}::timestamptz`,
    );
    if (!next?.at) return fired;
    const at = new Date(next.at);
    if (at.getTime() <= last) return fired; // nothing moved: left for the sweep as of now
    last = at.getTime();
    clock.at = at;
    fired += (await runEscalationSweep(deps, at, { tickets: [ticketId], memo })).fired;
  }
}
