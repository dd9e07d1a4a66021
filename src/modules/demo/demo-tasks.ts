/**
 * Demo mandatory-action tasks (owner: tasks module): the tasks of the two months before now and of
 * the current one (Asia/Shanghai), generated as the hourly job would, then worked like a real
 * portfolio — most past tasks done on time with evidence, some done late, some still open and
 * overdue; a few of the current month's done early. Deterministic per seed (`ctx.rng`, rows in id
 * order) and idempotent (generation skips existing occurrences; only open tasks are completed).
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/database.ts';
import { fromDayNumber, shanghaiDayNumberOf, toDayNumber } from '../../domain/calendar/dates.ts';
import type { EvidenceChannel } from '../../domain/tasks/completion.ts';
import { addMonths, monthKey, monthSpan, parseMonth } from '../../domain/tasks/periods.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import { generateTasksIn } from '../tasks/generation.service.ts';
import type { DemoGenerator } from './demo.service.ts';

const NOTES: Record<string, string[]> = {
  visit: [
    '上门拜访信息中心主任,了解新园区网络扩容需求',
    '走访客户总部,沟通专线续约及5G专网试点',
    '拜访分管领导,汇报上季度服务情况',
  ],
  report: ['提交月度网络运行情况报告,可用率99.98%', '发送网络运行报告并电话讲解两次故障处理经过'],
  greeting: ['电话及短信节日问候,客户表示感谢', '上门送达节日慰问,沟通节日期间保障安排'],
  birthday_care: ['生日当天电话祝福并送达生日贺卡', '送上生日鲜花及贺卡'],
  other: ['按要求完成'],
  review: ['完成服务回顾'],
};
const CHANNEL_OF: Record<string, EvidenceChannel[]> = {
  visit: ['visit', 'visit', 'meeting'],
  report: ['email', 'visit'],
  greeting: ['phone', 'wechat', 'visit'],
  birthday_care: ['phone', 'wechat', 'visit'],
  other: ['phone'],
  review: ['meeting'],
};
const BATCH = 1000;

type OpenTask = {
  id: number;
  kind: string;
  startDate: string;
  dueDate: string;
  owner: string;
  contact: string | null;
};

export const tasksDemo: DemoGenerator = {
  name: 'tasks',
  async run({ tx, rng, actor, now }) {
    const today = fromDayNumber(shanghaiDayNumberOf(now.getTime()));
    const current = parseMonth(today.slice(0, 7));
    const months = [addMonths(current, -2), addMonths(current, -1), current];
    const calendars = new Map<string, Awaited<ReturnType<typeof loadCalendar>>>();
    const calendarFor = async (region: string) => {
      const hit = calendars.get(region);
      if (hit) return hit;
      const cal = await loadCalendar(tx, region);
      calendars.set(region, cal);
      return cal;
    };
    let generated = 0;
    for (const m of months) {
      generated += (await generateTasksIn(tx, calendarFor, actor, { month: monthKey(m), at: now })).created;
    }
    const open = await queryRows<OpenTask>(
      tx,
      sql`select t.id, t.action_kind as kind, t.start_date as "startDate", t.due_date as "dueDate",
          u.username as owner, ct.name as contact
        from action_tasks t join users u on u.id = t.owner_id left join contacts ct on ct.id = t.contact_id
        where t.status = 'open' and t.start_date between ${monthSpan(months[0]!).start}::date and ${today}::date
        order by t.id`,
    );
    const todayNumber = toDayNumber(today);
    const done: { id: number; completedDate: string; by: string; evidence: string }[] = [];
    let late = 0;
    for (const task of open) {
      const due = toDayNumber(task.dueDate);
      const start = toDayNumber(task.startDate);
      const draw = rng.next();
      let day: number | null = null;
      if (due < todayNumber) {
        // past due: 65 % on time, 15 % late, the rest left open (overdue)
        if (draw < 0.65) day = Math.max(start, due - rng.int(0, 6));
        else if (draw < 0.8) {
          day = Math.min(todayNumber, due + rng.int(1, 6));
          late += 1;
        }
      } else if (draw < 0.25) {
        day = Math.max(start, Math.min(todayNumber, due - rng.int(1, 10))); // done early
      }
      if (day === null) continue;
      const kind = NOTES[task.kind] ? task.kind : 'other';
      const channel = rng.pick(CHANNEL_OF[kind]!);
      const attachments =
        channel === 'visit' && rng.next() < 0.6
          ? [
              {
                name: `拜访记录-${fromDayNumber(day)}.jpg`,
                size: rng.int(80_000, 2_400_000),
                mimeType: 'image/jpeg',
              },
            ]
          : task.kind === 'report'
            ? [
                {
                  name: `网络运行报告-${fromDayNumber(day).slice(0, 7)}.pdf`,
                  size: rng.int(200_000, 900_000),
                  mimeType: 'application/pdf',
                },
              ]
            : [];
      done.push({
        id: task.id,
        completedDate: fromDayNumber(day),
        by: task.owner,
        evidence: JSON.stringify({
          note: rng.pick(NOTES[kind]!),
          contactMet: task.contact ?? null,
          channel,
          attachments,
        }),
      });
    }
    for (let i = 0; i < done.length; i += BATCH) {
      const values = sql.join(
        done
          .slice(i, i + BATCH)
          .map((d) => sql`(${d.id}::bigint, ${d.completedDate}::date, ${d.by}::text, ${d.evidence}::jsonb)`),
        sql`, `,
      );
      await tx.execute(sql`update action_tasks t set status = 'done', completed_date = v.day,
          completed_at = (v.day + time '10:30') at time zone 'Asia/Shanghai', completed_by = v.by, evidence = v.evidence,
          updated_at = ${now.toISOString()}::timestamptz
        from (values ${values}) v(id, day, by, evidence)
        where t.id = v.id and t.status = 'open'`);
    }
    const [left] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from action_tasks where status = 'open' and due_date < ${today}::date`,
    );
    return { tasks: generated, completed: done.length, completedLate: late, overdue: left?.n ?? 0 };
  },
};
