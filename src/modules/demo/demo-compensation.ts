/**
 * Demo compensation: moves the slips that the orders and agreements demos raised through the
 * workflow with the demo users — `ops` states the responsible segment, `kam` approves or rejects,
 * the customer's account manager records the customer's confirmation, `kam` settles. Raises
 * nothing itself (no slips → nothing to do). Each raised slip's target status comes from a hash
 * of its source, so a second run leaves the same result; slips already past `raised` are left alone.
 * Only slips of customers in the Guangdong tree move (where the demo `ops` and `kam` work), and
 * only the first 200 of them by number.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../db/audit.ts';
import { queryRows, type Tx } from '../../db/database.ts';
import type { Role } from '../../domain/access.ts';
import { RESPONSIBLE_SEGMENTS, type SlipStatus } from '../../domain/compensation/workflow.ts';
import { type StepInput, takeSlipStepTx } from '../compensation/compensation.service.ts';
import type { DemoGenerator } from './demo.service.ts';

type DemoUserRow = { id: string; username: string; role: Role; regionCode: string | null };

/** Target statuses by weight: a mix of every stage, about a quarter left untouched. */
const TARGETS: [SlipStatus, number][] = [
  ['raised', 25],
  ['ops_stated', 15],
  ['approved', 15],
  ['rejected', 10],
  ['customer_confirmed', 15],
  ['settled', 20],
];

/**
 * Only the first slips by number are worked (the rest stay raised), which keeps the demo fast at
 * 2,000 customers and stable on a rerun (numbers only grow).
 */
const MAX_SLIPS = 200;

const OPINIONS = [
  '传输段割接延误,责任在我方,同意按协议赔付。',
  '接入段光缆外力中断,修复超时,同意赔付。',
  '现场施工资源不足导致开通延期,同意赔付。',
  '核心网设备板卡故障,倒换不及时,同意赔付。',
];

function hashOf(text: string): number {
  let h = 2_166_136_261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16_777_619) >>> 0;
  return h;
}

function targetOf(key: string): SlipStatus {
  let n = hashOf(key) % 100;
  for (const [status, weight] of TARGETS) {
    if (n < weight) return status;
    n -= weight;
  }
  return 'raised';
}

const PATH: Record<SlipStatus, number> = {
  raised: 0,
  ops_stated: 1,
  approved: 2,
  rejected: 2,
  customer_confirmed: 3,
  settled: 4,
};

async function loadUsers(tx: Tx): Promise<Map<string, DemoUserRow>> {
  const rows = await queryRows<DemoUserRow>(
    tx,
    sql`select id, username, role, region_code as "regionCode" from users where username in ('ops', 'kam', 'admin')
      or role = 'account_manager'`,
  );
  const byKey = new Map<string, DemoUserRow>();
  for (const r of rows) {
    byKey.set(r.id, r);
    byKey.set(r.username, r);
  }
  return byKey;
}

const actorOf = (u: DemoUserRow): Actor => ({
  id: u.id,
  name: u.username,
  role: u.role,
  regionCode: u.regionCode,
});

export const compensationDemo: DemoGenerator = {
  name: 'compensation',
  async run({ tx, now }) {
    const slips = await queryRows<{
      id: string;
      kind: string;
      sourceRef: string;
      raisedAt: Date | string;
      accountManagerId: string | null;
      status: string;
    }>(
      tx,
      sql`select s.id, s.kind, s.source_ref as "sourceRef", s.raised_at as "raisedAt",
          c.account_manager_id as "accountManagerId", s.status
        from compensation_slips s join customers c on c.id = s.customer_id
        where c.region_code like 'GD%'
        order by s.slip_number limit ${MAX_SLIPS}`,
    );
    const raised = slips.filter((s) => s.status === 'raised');
    const counts: Record<string, number> = { slips: raised.length, moved: 0 };
    if (raised.length === 0) return counts;
    const users = await loadUsers(tx);
    const ops = users.get('ops');
    const kam = users.get('kam');
    if (!ops || !kam) return counts;
    for (const slip of raised) {
      const key = `${slip.kind}:${slip.sourceRef}`;
      const target = targetOf(key);
      const steps = PATH[target];
      if (steps === 0) continue;
      const am = (slip.accountManagerId && users.get(slip.accountManagerId)) || kam;
      const raisedAt = new Date(slip.raisedAt).getTime();
      // Each step a day or two after the previous one, never after now.
      const atOf = (i: number) => new Date(Math.min(now.getTime(), raisedAt + i * 36 * 3_600_000));
      const h = hashOf(key);
      const plan: [DemoUserRow, StepInput][] = [
        [
          ops,
          {
            step: 'ops_statement',
            responsibleSegment: RESPONSIBLE_SEGMENTS[h % 4] ?? 'transmission',
            opinion: OPINIONS[h % OPINIONS.length] ?? OPINIONS[0]!,
          },
        ],
        target === 'rejected'
          ? [kam, { step: 'reject', reason: '经核实为客户侧设备原因,不予赔付。' }]
          : [kam, { step: 'approve', note: '同意按协议赔付。' }],
        [am, { step: 'confirm', confirmedBy: '客户方财务负责人', note: '客户书面确认赔付金额。' }],
        [
          kam,
          { step: 'settle', settlementRef: `BC${String(h % 1_000_000).padStart(6, '0')}`, note: '账单减免' },
        ],
      ];
      for (let i = 0; i < steps; i++) {
        const [user, input] = plan[i]!;
        await takeSlipStepTx(tx, user, actorOf(user), slip.id, input, atOf(i + 1));
      }
      counts.moved = (counts.moved ?? 0) + 1;
      counts[target] = (counts[target] ?? 0) + 1;
    }
    return counts;
  },
};
