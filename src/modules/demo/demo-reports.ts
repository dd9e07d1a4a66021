/**
 * Demo joint meetings and operating reports: a few joint meetings last month with actions (some
 * done, one overdue) for customers with agreements (else top customers), then last month's report
 * for every agreement in force (capped), half of them sent, and the two months before for the
 * first dozen of them (the report viewer's trend has three points; the demo's outages and
 * measurements cover those three months); without agreements, whole-service reports for the
 * customers with meetings. Idempotent: meetings are keyed by customer, day and topic; existing
 * reports are left alone.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/database.ts';
import { fromDayNumber, toDayNumber } from '../../domain/calendar/dates.ts';
import { periodBounds, previousPeriod } from '../../domain/reports/period.ts';
import {
  findAgreement,
  findCustomerHead,
  findReport,
  listAgreementsInForce,
} from '../reports/reports.repo.ts';
import { generateReportIn, sendReportIn } from '../reports/reports.service.ts';
import type { DemoGenerator } from './demo.service.ts';

const MAX_REPORTS = 100;
/** Agreements whose two earlier months are reported too (a trend to look at). */
const TREND_AGREEMENTS = 12;
const MEETING_CUSTOMERS = 6;

const TOPICS = ['季度服务联席会议', '专线可用率专项分析会', '年度服务质量回顾会'];
const ACTIONS: {
  title: string;
  owner: 'am' | 'ops' | 'customer';
  status: 'open' | 'done' | 'dropped';
  dueInDays: number;
}[] = [
  { title: '提交上月故障根因分析报告', owner: 'ops', status: 'done', dueInDays: 7 },
  { title: '核实并更换主干光缆备用路由', owner: 'ops', status: 'open', dueInDays: 45 },
  { title: '客户侧机房 UPS 巡检', owner: 'customer', status: 'open', dueInDays: 10 },
  { title: '评估升级 AA 级 SLA 方案并报价', owner: 'am', status: 'open', dueInDays: 30 },
  { title: '整理季度账单争议明细', owner: 'am', status: 'dropped', dueInDays: 14 },
];

export const reportsDemo: DemoGenerator = {
  name: 'reports',
  async run({ tx, rng, now, actor }) {
    const period = previousPeriod(now.toISOString());
    const bounds = periodBounds(period);
    const users = await queryRows<{ username: string; id: string; displayName: string }>(
      tx,
      sql`select username, id, display_name as "displayName" from users where username in ('ops', 'am1', 'kam')`,
    );
    const byName = new Map(users.map((u) => [u.username, u]));

    // Customers for meetings: those with agreements first, then the top tiers with an AM.
    const candidates = await queryRows<{ id: string; regionCode: string; accountManagerId: string | null }>(
      tx,
      sql`select c.id, c.region_code as "regionCode", c.account_manager_id as "accountManagerId"
          from customers c
          where c.account_manager_id is not null
          order by exists (select 1 from sla_agreements a where a.customer_id = c.id and a.current_version is not null) desc,
            c.tier desc nulls last, c.code
          limit ${MEETING_CUSTOMERS}`,
    );
    let meetings = 0;
    let actions = 0;
    const firstDay = toDayNumber(bounds.firstDate);
    for (const [i, c] of candidates.entries()) {
      const heldOn = fromDayNumber(firstDay + 5 + rng.int(0, 18));
      const topic = TOPICS[i % TOPICS.length]!;
      const [exists] = await queryRows<{ id: string }>(
        tx,
        sql`select id from joint_meetings where customer_id = ${c.id}::uuid and topic = ${topic}
              and held_on between ${bounds.firstDate}::date and ${bounds.lastDate}::date`,
      );
      if (exists) continue;
      const am = c.accountManagerId
        ? await queryRows<{ displayName: string }>(
            tx,
            sql`select display_name as "displayName" from users where id = ${c.accountManagerId}::uuid`,
          )
        : [];
      const attendees = [
        { side: 'customer', name: '李主任', position: '信息中心主任' },
        { side: 'customer', name: '陈工', position: '网络管理员' },
        { side: 'operator', name: am[0]?.displayName ?? '客户经理', position: '客户经理' },
        { side: 'operator', name: byName.get('ops')?.displayName ?? '运维工程师', position: '网络运维' },
      ];
      const [m] = await queryRows<{ id: string }>(
        tx,
        sql`insert into joint_meetings (customer_id, region_code, held_on, place, topic, attendees, minutes, created_by, created_at, updated_at)
            values (${c.id}::uuid, ${c.regionCode}, ${heldOn}::date, '客户总部会议室', ${topic}, ${JSON.stringify(attendees)}::jsonb,
              ${'1. 通报上月专线可用率与故障情况；\n2. 客户反映高峰期时延偏高，运维将排查；\n3. 商定下季度联合演练计划。'},
              ${actor.name}, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
            returning id`,
      );
      meetings += 1;
      const picks = ACTIONS.filter((_, k) => (k + i) % 2 === 0 || k === 1);
      for (const a of picks) {
        const owner =
          a.owner === 'ops'
            ? byName.get('ops')
            : a.owner === 'am' && c.accountManagerId
              ? { id: c.accountManagerId, displayName: am[0]?.displayName ?? '' }
              : null;
        const due = fromDayNumber(toDayNumber(heldOn) + a.dueInDays);
        await tx.execute(
          sql`insert into joint_meeting_actions (meeting_id, title, owner_id, owner_name, due_date, status, done_at, created_at, updated_at)
              values (${m!.id}::uuid, ${a.title}, ${owner?.id ?? null}::uuid, ${owner?.displayName ?? '客户 陈工'}, ${due}::date, ${a.status},
                ${a.status === 'done' ? now.toISOString() : null}::timestamptz, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)`,
        );
        actions += 1;
      }
    }

    // Last month's reports: every agreement in force (capped), else whole-service reports.
    let reports = 0;
    let sent = 0;
    const todo = (await listAgreementsInForce(tx, bounds)).slice(0, MAX_REPORTS);
    const targets: { customerId: string; agreementId: string | null }[] = todo.length
      ? todo
      : candidates.map((c) => ({ customerId: c.id, agreementId: null }));
    for (const [i, t] of targets.entries()) {
      const customer = await findCustomerHead(tx, t.customerId);
      const agreement = t.agreementId ? await findAgreement(tx, t.agreementId) : null;
      if (!customer || (t.agreementId && (!agreement || agreement.currentVersion === null))) continue;
      const id = await generateReportIn(tx, customer, agreement, period, now, actor, { onlyIfMissing: true });
      if (!id) continue;
      reports += 1;
      if (i % 2 === 0) {
        const row = await findReport(tx, id, sql`true`);
        if (row && (await sendReportIn(tx, row, now, actor))) sent += 1;
      }
    }
    // The two months before, for the first agreements still in force then (not sent).
    const trendIds = new Set(targets.slice(0, TREND_AGREEMENTS).map((t) => t.agreementId));
    const before = previousPeriod(bounds.startAt);
    for (const back of [before, previousPeriod(periodBounds(before).startAt)]) {
      const inForce = await listAgreementsInForce(tx, periodBounds(back));
      for (const t of inForce.filter((a) => trendIds.has(a.agreementId))) {
        const customer = await findCustomerHead(tx, t.customerId);
        const agreement = await findAgreement(tx, t.agreementId);
        if (!customer || !agreement || agreement.currentVersion === null) continue;
        const id = await generateReportIn(tx, customer, agreement, back, now, actor, { onlyIfMissing: true });
        if (id) reports += 1;
      }
    }
    return { meetings, actions, reports, sent };
  },
};
