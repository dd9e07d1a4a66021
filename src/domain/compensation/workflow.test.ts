import { describe, expect, it } from 'vitest';
import type { Role } from '../access.ts';
import { DomainError } from '../errors.ts';
import { explainSlipBasis } from './basis.ts';
import {
  availableSlipActions,
  planAmountChange,
  planSlipStep,
  SLIP_STEPS,
  type SlipState,
  type SlipStatus,
  type SlipStep,
  todoStatusesFor,
} from './workflow.ts';

const slip = (status: SlipStatus, extra: Partial<SlipState> = {}): SlipState => ({
  status,
  raisedById: 'raiser',
  opsById: status === 'raised' ? null : 'ops1',
  accountManagerId: 'am1',
  ...extra,
});
const user = (role: Role, id = `${role}-x`) => ({ id, role });

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof DomainError ? e.code : 'THROWN';
  }
}

describe('the transition table', () => {
  it.each([
    ['raised', 'ops_statement', 'ops_engineer', 'ops_stated'],
    ['raised', 'ops_statement', 'admin', 'ops_stated'],
    ['ops_stated', 'approve', 'kam_manager', 'approved'],
    ['ops_stated', 'approve', 'admin', 'approved'],
    ['ops_stated', 'reject', 'kam_manager', 'rejected'],
    ['approved', 'confirm', 'kam_manager', 'customer_confirmed'],
    ['approved', 'confirm', 'admin', 'customer_confirmed'],
    ['customer_confirmed', 'settle', 'kam_manager', 'settled'],
    ['customer_confirmed', 'settle', 'admin', 'settled'],
  ] as const)('%s --%s by %s--> %s', (from, step, role, to) => {
    expect(planSlipStep(slip(from), step, user(role))).toBe(to);
  });

  it('lets the customer’s own account manager confirm, not another', () => {
    expect(planSlipStep(slip('approved'), 'confirm', user('account_manager', 'am1'))).toBe(
      'customer_confirmed',
    );
    expect(codeOf(() => planSlipStep(slip('approved'), 'confirm', user('account_manager', 'am2')))).toBe(
      'FORBIDDEN',
    );
  });

  it.each([
    ['raised', 'ops_statement', 'kam_manager'],
    ['raised', 'ops_statement', 'account_manager'],
    ['ops_stated', 'approve', 'ops_engineer'],
    ['ops_stated', 'approve', 'account_manager'],
    ['ops_stated', 'reject', 'frontdesk'],
    ['approved', 'confirm', 'ops_engineer'],
    ['customer_confirmed', 'settle', 'account_manager'],
    ['customer_confirmed', 'settle', 'analyst'],
    ['raised', 'ops_statement', 'auditor'],
  ] as const)('%s: %s by %s → 403 FORBIDDEN', (from, step, role) => {
    expect(codeOf(() => planSlipStep(slip(from), step, user(role)))).toBe('FORBIDDEN');
  });

  it('refuses every step out of order with ILLEGAL_TRANSITION', () => {
    const order: Record<SlipStep, SlipStatus> = {
      ops_statement: 'raised',
      approve: 'ops_stated',
      reject: 'ops_stated',
      confirm: 'approved',
      settle: 'customer_confirmed',
    };
    const statuses: SlipStatus[] = [
      'raised',
      'ops_stated',
      'approved',
      'rejected',
      'customer_confirmed',
      'settled',
    ];
    for (const step of SLIP_STEPS) {
      for (const status of statuses) {
        if (status === order[step]) continue;
        expect(
          codeOf(() => planSlipStep(slip(status), step, user('admin'))),
          `${status} ${step}`,
        ).toBe('ILLEGAL_TRANSITION');
      }
    }
  });

  it('four eyes: the raiser or the ops stater cannot approve or reject', () => {
    for (const step of ['approve', 'reject'] as const) {
      expect(codeOf(() => planSlipStep(slip('ops_stated'), step, user('admin', 'raiser')))).toBe(
        'SELF_APPROVAL',
      );
      expect(codeOf(() => planSlipStep(slip('ops_stated'), step, user('admin', 'ops1')))).toBe(
        'SELF_APPROVAL',
      );
      expect(codeOf(() => planSlipStep(slip('ops_stated'), step, user('kam_manager', 'k')))).toBeNull();
    }
  });
});

describe('available actions and the to-do statuses', () => {
  it('offers what the user may do now', () => {
    expect(availableSlipActions(slip('raised'), user('ops_engineer'))).toEqual(['ops_statement', 'amount']);
    expect(availableSlipActions(slip('ops_stated'), user('kam_manager'))).toEqual([
      'approve',
      'reject',
      'amount',
    ]);
    expect(availableSlipActions(slip('ops_stated'), user('kam_manager', 'raiser'))).toEqual(['amount']);
    expect(availableSlipActions(slip('approved'), user('account_manager', 'am1'))).toEqual(['confirm']);
    expect(availableSlipActions(slip('approved'), user('account_manager', 'am9'))).toEqual([]);
    expect(availableSlipActions(slip('settled'), user('admin'))).toEqual([]);
    expect(availableSlipActions(slip('raised'), user('auditor'))).toEqual([]);
  });
  it('maps roles to the statuses awaiting them', () => {
    expect(todoStatusesFor('ops_engineer')).toEqual(['raised']);
    expect(todoStatusesFor('kam_manager')).toEqual(['ops_stated', 'approved', 'customer_confirmed']);
    expect(todoStatusesFor('account_manager')).toEqual(['approved']);
    expect(todoStatusesFor('admin')).toEqual(['raised', 'ops_stated', 'approved', 'customer_confirmed']);
    expect(todoStatusesFor('analyst')).toEqual([]);
  });
});

describe('amount changes', () => {
  it('are allowed before approval with a reason', () => {
    expect(
      planAmountChange(slip('raised'), 45_000, user('ops_engineer'), { amountFen: 40_000, reason: ' 协商 ' }),
    ).toEqual({ before: 45_000, after: 40_000, reason: '协商' });
    expect(
      planAmountChange(slip('ops_stated'), 45_000, user('kam_manager'), { amountFen: 0, reason: '客户放弃' }),
    ).toMatchObject({ after: 0 });
  });
  it('are refused after approval, to other roles, without a reason, or in fractions', () => {
    const change = (s: SlipState, role: Role, amountFen: number, reason: string) =>
      codeOf(() => planAmountChange(s, 45_000, user(role), { amountFen, reason }));
    expect(change(slip('approved'), 'admin', 1, 'x')).toBe('ILLEGAL_TRANSITION');
    expect(change(slip('settled'), 'kam_manager', 1, 'x')).toBe('ILLEGAL_TRANSITION');
    expect(change(slip('raised'), 'account_manager', 1, 'x')).toBe('FORBIDDEN');
    expect(change(slip('raised'), 'admin', 1, '   ')).toBe('VALIDATION_FAILED');
    expect(change(slip('raised'), 'admin', 10.5, 'x')).toBe('VALIDATION_FAILED');
    expect(change(slip('raised'), 'admin', -1, 'x')).toBe('VALIDATION_FAILED');
    expect(change(slip('raised'), 'admin', 45_000, 'x')).toBe('VALIDATION_FAILED');
    try {
      planAmountChange(slip('raised'), 45_000, user('admin'), { amountFen: 1.5, reason: '' });
    } catch (e) {
      expect((e as DomainError).errors.map((i) => i.field)).toEqual(['amountFen', 'reason']);
    }
  });
});

describe('the basis in words', () => {
  it('explains a late activation', () => {
    expect(
      explainSlipBasis(
        'provisioning_late',
        {
          provisioningClass: 'express',
          product: 'digital_circuit',
          oneTimeFeeFen: 300_000,
          overdueWorkingDays: 3,
          percentPerDay: 5,
          uncappedFen: 45_000,
          capped: false,
          dueDate: '2026-11-02',
          activatedOn: '2026-11-05',
        },
        45_000,
      ),
    ).toEqual([
      '产品 数字电路,应开通日 2026-11-02,实际开通日 2026-11-05,逾期 3 个工作日',
      '开通等级 特急:每逾期一个工作日赔付一次性费用的 5%,封顶为一次性费用全额',
      '3 个工作日 × 5% × 一次性费用 ¥3,000.00 = ¥450.00',
    ]);
  });
  it('says when the cap applied', () => {
    const lines = explainSlipBasis(
      'provisioning_late',
      {
        provisioningClass: 'express',
        oneTimeFeeFen: 150_000,
        overdueWorkingDays: 25,
        percentPerDay: 5,
        uncappedFen: 187_500,
        capped: true,
      },
      150_000,
    );
    expect(lines.slice(-2)).toEqual([
      '25 个工作日 × 5% × 一次性费用 ¥1,500.00 = ¥1,875.00',
      '超过封顶,按一次性费用全额 ¥1,500.00 赔付',
    ]);
  });
  it('explains an availability breach; the basis’s own lines replace the fee formula', () => {
    expect(
      explainSlipBasis(
        'sla_availability',
        {
          period: '2026-11',
          circuitNumber: 'GZ-001',
          slaClass: 'AAA',
          availabilityPpm: 999_500,
          targetPpm: 999_900,
          monthlyFeeFen: 1_000_000,
          percent: 10,
          amountFen: 100_000,
        },
        100_000,
      ),
    ).toEqual([
      '统计月份 2026-11,电路 GZ-001,SLA 等级 AAA',
      '月可用率 99.95%,低于承诺 99.99%',
      '月租费 ¥10,000.00 × 10% = ¥1,000.00',
    ]);
    expect(
      explainSlipBasis(
        'sla_availability',
        { percent: 10, monthlyFeeFen: 1, explanation: ['按协议第 3 条', 7] },
        1,
      ),
    ).toEqual(['按协议第 3 条']);
  });
  it('reads the bases the orders and agreements modules write', () => {
    expect(
      explainSlipBasis(
        'provisioning_late',
        {
          text: '3 个工作日 × 5% × 一次性费用 ¥3,000.00 = ¥450.00',
          provisioningClass: 'urgent',
          oneTimeFeeFen: 300_000,
          overdueWorkingDays: 3,
          percentPerDay: 5,
          uncappedFen: 45_000,
          capped: false,
        },
        45_000,
      ),
    ).toEqual([
      '开通等级 加急:每逾期一个工作日赔付一次性费用的 5%,封顶为一次性费用全额',
      '3 个工作日 × 5% × 一次性费用 ¥3,000.00 = ¥450.00',
    ]);
    expect(explainSlipBasis('provisioning_late', { text: '按协议赔付' }, 1)).toEqual(['按协议赔付']);
    expect(
      explainSlipBasis(
        'sla_restore',
        {
          agreementNumber: 'SLA20261101-000001',
          month: '2026-11',
          circuitNumber: 'GZ-001',
          slaClass: 'AA',
          monthlyFeeFen: 1_000_000,
          percent: 10,
          targetRestoreMinutes: 240,
          maxRestoreMinutes: 300,
          restoreBreaches: 2,
          explanation: '2 次 × 5% × 月租 ¥10,000.00 = ¥1,000.00',
        },
        100_000,
      ),
    ).toEqual([
      '协议 SLA20261101-000001,统计月份 2026-11,电路 GZ-001,SLA 等级 AA',
      '超出修复时限(240 分钟)的故障 2 次',
      '最长修复时间 300 分钟',
      '2 次 × 5% × 月租 ¥10,000.00 = ¥1,000.00',
    ]);
  });

  it('falls back to the amount when the basis says nothing it knows', () => {
    expect(explainSlipBasis('sla_restore', {}, 12_345)).toEqual(['按规则计算的赔付金额 ¥123.45']);
    expect(explainSlipBasis('sla_restore', { restoreBreaches: 2, restoreTargetMinutes: 120 }, 1)).toEqual([
      '超出修复时限(120 分钟)的故障 2 次',
    ]);
  });
});
