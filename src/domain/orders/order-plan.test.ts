import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCalendar } from '../calendar/calendar.ts';
import { assertSchedule, calendarDataOf, parseScheduleJson } from '../calendar/schedule.ts';
import { DEFAULT_CATALOG } from '../catalog/defaults.ts';
import type { EntitlementSubject } from '../catalog/entitlements.ts';
import {
  type OrderLineInput,
  type PlanContext,
  planOrder,
  planOrderLine,
  validateOrderLines,
} from './order-plan.ts';

// The shipped schedules (tests may do I/O; domain code may not).
const dataDir = fileURLToPath(new URL('../../../data/calendars/', import.meta.url));
const cal = buildCalendar(
  calendarDataOf(
    readdirSync(dataDir)
      .filter((file) => /^\d{4}\.json$/.test(file))
      .map((file) =>
        assertSchedule(parseScheduleJson(JSON.parse(readFileSync(join(dataDir, file), 'utf8')))),
      ),
  ),
);

const subject = (tier: string | null, groupClass: string | null = null): EntitlementSubject =>
  ({ tier, stars: null, groupClass }) as EntitlementSubject;

const ctx = (
  acceptedAt: string,
  s: EntitlementSubject = subject(null),
  requested: string | null = null,
): PlanContext => ({
  calendar: cal,
  acceptedAt,
  catalog: DEFAULT_CATALOG,
  subject: s,
  requestedCompletionDate: requested,
});

const line = (over: Partial<OrderLineInput> = {}): OrderLineInput => ({
  product: 'digital_circuit',
  scope: 'local',
  crossOperator: false,
  provisioningClass: null,
  listOneTimeFeeFen: 200_000,
  monthlyFeeFen: 80_000,
  ...over,
});

// Friday 2025-01-24 10:00 Shanghai; 01-26 (Sunday) is a make-up working day; 春节 01-28 … 02-04; 02-08 (Saturday) make-up.
const SPRING = '2025-01-24T02:00:00.000Z';
// Monday 2025-03-03 10:00 Shanghai, a month without holidays.
const MARCH = '2025-03-03T02:00:00.000Z';

describe('due dates by provisioning class (table of PRODUCT.md §5)', () => {
  it.each([
    ['express', 'digital_circuit', SPRING, 5, '2025-02-07'],
    ['express', 'ddn', SPRING, 8, '2025-02-11'],
    ['express', 'fr_atm', SPRING, 8, '2025-02-11'],
    ['urgent', 'digital_circuit', MARCH, 10, '2025-03-17'],
    ['urgent', 'ddn', MARCH, 13, '2025-03-20'],
    ['normal', 'digital_circuit', MARCH, 20, '2025-03-31'],
    ['normal', 'fr_atm', MARCH, 20, '2025-03-31'],
  ] as const)('%s %s accepted %s → %i working days → %s', (cls, product, at, days, due) => {
    const p = planOrderLine(line({ product, provisioningClass: cls }), 1, ctx(at));
    expect(p.dueDate).toBe(due);
    expect(p.dueProvisional).toBe(false);
    expect(p.dueBasis).toMatchObject({ source: 'class', provisioningClass: cls, workingDays: days });
    expect(p.dueBasis.text).toContain(`${days} 个工作日`);
    expect(p.dueRule).toMatchObject({ kind: 'workdays', workdays: days, startAt: at });
    expect(p.startDate).toBe(at === SPRING ? '2025-01-24' : '2025-03-03');
  });

  it('is provisional past the calendar horizon', () => {
    const p = planOrderLine(line({ provisioningClass: 'normal' }), 1, ctx('2099-12-20T02:00:00.000Z'));
    expect(p.dueProvisional).toBe(true);
    expect(p.dueDate! > '2099-12-20').toBe(true);
  });
});

describe('one-time fee priced by class (150 / 130 / 100 %, half up to the fen)', () => {
  it.each([
    ['express', 200_000, 300_000, 150],
    ['urgent', 200_000, 260_000, 130],
    ['normal', 200_000, 200_000, 100],
    ['express', 1, 2, 150], // 1.5 fen → 2
    ['urgent', 5, 7, 130], // 6.5 fen → 7
    [null, 123_457, 123_457, 100],
  ] as const)('%s on %i fen → %i fen', (cls, list, priced, percent) => {
    const p = planOrderLine(line({ provisioningClass: cls, listOneTimeFeeFen: list }), 1, ctx(MARCH));
    expect(p.oneTimeFeeFen).toBe(priced);
    expect(p.feePercent).toBe(percent);
    expect(p.listOneTimeFeeFen).toBe(list);
  });
});

describe('due dates without a class: the entitlement', () => {
  it.each([
    // product, scope, tier, working days, due, level
    ['digital_circuit', 'local', null, 15, '2025-03-24', 'basic'],
    ['digital_circuit', 'in_province', null, 20, '2025-03-31', 'basic'],
    ['data_circuit', 'local', null, 20, '2025-03-31', 'basic'],
    ['ddn', 'local', null, 15, '2025-03-24', 'basic'], // DDN as a digital circuit
    ['digital_circuit', 'local', '3A', 20, '2025-03-31', '3A'],
    ['dedicated_internet', 'local', '2A', 15, '2025-03-24', '2A'],
    ['broadband', 'local', null, 15, '2025-03-24', 'basic'], // ADSL/LAN
    ['fixed_line', 'local', '3A', 1, '2025-03-04', '3A'],
    ['fixed_line', 'local', null, 2, '2025-03-05', 'basic'],
  ] as const)('%s %s for tier %s → %i wd (%s, level %s)', (product, scope, tier, days, due, level) => {
    const p = planOrderLine(line({ product, scope }), 1, ctx(MARCH, subject(tier)));
    expect(p.dueBasis).toMatchObject({ source: 'entitlement', level, workingDays: days });
    expect(p.dueDate).toBe(due);
    expect(p.dueBasis.explanation.length).toBeGreaterThan(0);
    expect(p.dueBasis.text).toMatch(/^无开通等级,按客户权益:/);
  });

  it('a cross-operator line of a 5A customer is dated by the basic standard', () => {
    const p = planOrderLine(
      line({ crossOperator: true, scope: 'inter_province' }),
      1,
      ctx(MARCH, subject('5A')),
    );
    expect(p.dueBasis).toMatchObject({
      source: 'entitlement',
      level: 'basic',
      crossOperator: true,
      workingDays: 30,
    });
    expect(p.dueBasis.text).toContain('跨运营商');
    expect(p.provisioningClass).toBeNull();
    expect(p.oneTimeFeeFen).toBe(200_000);
  });

  it('on-demand standards take the requested date, or have none', () => {
    const none = planOrderLine(line({ product: 'dedicated_internet' }), 1, ctx(MARCH, subject('5A')));
    expect(none.dueDate).toBeNull();
    expect(none.dueBasis.source).toBe('none');
    expect(none.dueBasis.text).toContain('按需');
    const asked = planOrderLine(
      line({ product: 'dedicated_internet' }),
      1,
      ctx(MARCH, subject('5A'), '2025-03-20'),
    );
    expect(asked).toMatchObject({ dueDate: '2025-03-20', dueAt: '2025-03-20T16:00:00.000Z', dueRule: null });
    expect(asked.dueBasis.source).toBe('requested');
  });

  it('IDC (as agreed) and other products have no due date, with the reason', () => {
    const idc = planOrderLine(line({ product: 'idc' }), 1, ctx(MARCH));
    expect(idc).toMatchObject({ dueDate: null, dueRule: null });
    expect(idc.dueBasis.text).toContain('按客户要求');
    const other = planOrderLine(line({ product: 'other' }), 1, ctx(MARCH));
    expect(other.dueDate).toBeNull();
    expect(other.dueBasis.text).toContain('其他');
  });
});

describe('the order plan', () => {
  it('expects completion on the latest line due date and sums the fees', () => {
    const plan = planOrder(
      [
        line({ provisioningClass: 'express' }),
        line({ product: 'ddn', provisioningClass: 'normal' }),
        line({ product: 'idc' }),
      ],
      ctx(MARCH),
    );
    expect(plan.lines.map((l) => l.lineNo)).toEqual([1, 2, 3]);
    expect(plan.expectedCompletionDate).toBe('2025-03-31');
    expect(plan.totals).toEqual({
      listOneTimeFeeFen: 600_000,
      oneTimeFeeFen: 700_000,
      monthlyFeeFen: 240_000,
    });
  });
});

describe('bad lines', () => {
  it('names the field of each problem', () => {
    const issues = validateOrderLines([
      line({ crossOperator: true, provisioningClass: 'express' }),
      line({ product: 'data_circuit', provisioningClass: 'urgent' }),
      line({ listOneTimeFeeFen: -1 }),
      line({ monthlyFeeFen: 1.5 }),
      line({ product: 'satellite' as never }),
    ]);
    expect(issues.map((i) => i.field)).toEqual([
      'items[0].provisioningClass',
      'items[1].provisioningClass',
      'items[2].listOneTimeFeeFen',
      'items[3].monthlyFeeFen',
      'items[4].product',
    ]);
    expect(validateOrderLines([])).toEqual([{ field: 'items', message: expect.any(String) }]);
    expect(validateOrderLines([line({ provisioningClass: 'normal' })])).toEqual([]);
  });
});
