/**
 * Provisional due dates of mandatory-action tasks (PRODUCT.md "The working-day calendar"): January's
 * tasks are generated in late December, before the new year's official schedule is imported; they
 * are due on weekends-only working days and marked provisional. Importing the schedule re-dates
 * them in the same transaction, creates the greetings of the holidays now known, cancels greetings
 * whose holiday the schedule lacks, and a rerun of generation creates nothing.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionTasks, contacts, taskGenerations } from '../../src/db/schema.ts';
import { generateTasks, runTaskGenerationJob } from '../../src/modules/tasks/generation.service.ts';
import { makeCustomer } from '../fixtures/customers.ts';
import { createTestContext, type TestContext } from '../harness.ts';

let ctx: TestContext;
let admin: { authorization: string };
let am1: { authorization: string };

/** A 5A and a 3A customer of am1, with core contacts born on 1 January, 30 January and 2 January. */
const mine = { c5: '', c3: '', newYear: '', lateJanuary: '', second: '' };

/** 2027's schedule as an administrator would import it (test data, not a real notice). */
const schedule2027 = {
  year: 2027,
  region: null,
  source: 'test',
  days: [
    { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    { date: '2027-01-02', kind: 'holiday', name: '元旦' },
    { date: '2027-01-03', kind: 'holiday', name: '元旦' },
    { date: '2027-01-30', kind: 'makeupWorkday', name: '春节调休' },
    ...['06', '07', '08', '09', '10', '11', '12', '13'].map((d) => ({
      date: `2027-02-${d}`,
      kind: 'holiday',
      name: '春节',
    })),
    { date: '2027-02-20', kind: 'makeupWorkday', name: '春节调休' },
  ],
};

type Task = {
  id: number;
  actionCode: string;
  occurrenceKey: string;
  dueDate: string;
  provisional: boolean;
  status: string;
  month: string;
  cancelReason: string | null;
  contactName: string | null;
};

const post = (url: string, payload: unknown) =>
  ctx.app.inject({ method: 'POST', url, headers: admin, payload: payload as Record<string, unknown> });

/** The tasks of my customers, `<code> <key without contact> <due> [P]`, optionally of one month. */
async function described(month?: string) {
  const rows = await ctx.deps.db
    .select()
    .from(actionTasks)
    .where(
      and(
        inArray(actionTasks.customerId, [mine.c5, mine.c3]),
        month ? eq(actionTasks.month, month) : undefined,
      ),
    );
  const contactName = new Map([
    [mine.newYear, '元旦生'],
    [mine.lateJanuary, '月末生'],
    [mine.second, '初二生'],
  ]);
  return rows
    .map(
      (t) =>
        `${t.actionCode} ${t.occurrenceKey.replace(/:.*/, '')}${t.contactId ? `(${contactName.get(t.contactId)})` : ''} ${t.dueDate}${t.provisional ? ' P' : ''}${t.status === 'open' ? '' : ` ${t.status}`}`,
    )
    .sort();
}

async function apiTasks(customerId: string) {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/api/v1/tasks?customerId=${customerId}&from=2026-12-01&to=2027-12-31&limit=100`,
    headers: am1,
  });
  expect(res.statusCode).toBe(200);
  return res.json<Task[]>();
}

async function addContact(customerId: string, name: string, birthday: string) {
  const [row] = await ctx.deps.db
    .insert(contacts)
    .values({ customerId, name, role: 'core', birthday })
    .returning({ id: contacts.id });
  return row!.id;
}

beforeAll(async () => {
  ctx = await createTestContext();
  mine.c5 = await makeCustomer(ctx, { am: 'am1', tier: '5A', stars: 5 });
  mine.c3 = await makeCustomer(ctx, { am: 'am1', tier: '3A', stars: 3 });
  mine.newYear = await addContact(mine.c5, '元旦生', '1980-01-01');
  mine.lateJanuary = await addContact(mine.c5, '月末生', '1985-01-30'); // Saturday 2027-01-30
  mine.second = await addContact(mine.c3, '初二生', '1970-01-02'); // Saturday 2027-01-02
  ctx.clock.set('2026-12-26T02:00:00Z'); // 10:00 in Shanghai: the job also generates January
  admin = await ctx.auth('admin');
  am1 = await ctx.auth('am1');
}, 120_000);
afterAll(() => ctx.close());

describe('tasks due past the loaded horizon', () => {
  it('January generated in late December, before 2027 is imported, is provisional', async () => {
    const job = await runTaskGenerationJob(ctx.deps, ctx.clock.now);
    expect(job.created).toBeGreaterThan(0);
    expect(job.createdNextMonth).toBeGreaterThan(0);
    expect(await described('2027-01')).toEqual(
      [
        'visit_5a 2027-01 2027-01-29 P', // weekends only: Friday before the last weekend
        'network_report_5a 2027-01 2027-01-29 P',
        'birthday_care_5a 2027-birthday(元旦生) 2027-01-01 P',
        'birthday_care_5a 2027-birthday(月末生) 2027-01-29 P',
        'birthday_care_3a 2027-birthday(初二生) 2027-01-01 P',
        'visit_3a 2027-Q1 2027-03-31 P',
        'network_report_3a 2027-Q1 2027-03-31 P',
      ].sort(),
    );
    // December is inside the horizon, and has no greeting for 2027's 元旦: its date is unknown
    expect(await described('2026-12')).toEqual(
      ['visit_5a 2026-12 2026-12-31', 'network_report_5a 2026-12 2026-12-31'].sort(),
    );
    const view = await apiTasks(mine.c5);
    expect(view.find((t) => t.occurrenceKey === '2027-01' && t.actionCode === 'visit_5a')?.provisional).toBe(
      true,
    );
    expect(view.find((t) => t.occurrenceKey === '2026-12' && t.actionCode === 'visit_5a')?.provisional).toBe(
      false,
    );
  });

  it('a greeting of a holiday that the imported schedule drops is cancelled', async () => {
    // December 2027 generated ahead (2027 and 2028 both unknown): all provisional, no greeting
    expect((await post('/api/v1/tasks/generate', { month: '2027-12' })).statusCode).toBe(200);
    expect(await described('2027-12')).toContain('visit_5a 2027-12 2027-12-31 P');
    expect((await described('2027-12')).some((t) => t.startsWith('holiday_greeting'))).toBe(false);

    // 2028 arrives first, with 元旦: December 2027 gets its greeting, provisional (2027 unknown)
    const with2028 = await post('/api/v1/calendar/import', {
      year: 2028,
      region: null,
      source: 'test v1',
      days: [{ date: '2028-01-01', kind: 'holiday', name: '元旦' }],
    });
    expect(with2028.statusCode).toBe(200);
    expect(await described('2027-12')).toEqual(
      expect.arrayContaining([
        'holiday_greeting_5a 2028-元旦 2027-12-31 P',
        'holiday_greeting_3a 2028-元旦 2027-12-31 P',
      ]),
    );

    // a corrected 2028 schedule without that day: the open provisional greetings are cancelled
    const corrected = await post('/api/v1/calendar/import', {
      year: 2028,
      region: null,
      source: 'test v2',
      days: ['26', '27', '28', '29', '30', '31'].map((d) => ({
        date: `2028-01-${d}`,
        kind: 'holiday',
        name: '春节',
      })),
    });
    expect(corrected.statusCode).toBe(200);
    const greetings = await ctx.deps.db
      .select()
      .from(actionTasks)
      .where(
        and(eq(actionTasks.occurrenceKey, '2028-元旦'), inArray(actionTasks.customerId, [mine.c5, mine.c3])),
      );
    expect(greetings).toHaveLength(2);
    expect(greetings.every((t) => t.status === 'cancelled' && t.cancelReason === 'schedule imported')).toBe(
      true,
    );
    // a rerun does not bring them back
    expect((await generateTasks(ctx.deps, { month: '2027-12', at: ctx.clock.now })).created).toBe(0);
  });

  it('importing 2027 re-dates the provisional tasks and greets the holidays now known', async () => {
    const res = await post('/api/v1/calendar/import', schedule2027);
    expect(res.statusCode).toBe(200);

    expect(await described('2027-01')).toEqual(
      [
        'visit_5a 2027-01 2027-01-30', // Saturday 30 January is a make-up working day
        'network_report_5a 2027-01 2027-01-30',
        'birthday_care_5a 2027-birthday(月末生) 2027-01-30',
        'visit_3a 2027-Q1 2027-03-31',
        'network_report_3a 2027-Q1 2027-03-31',
      ].sort(),
    );
    // 1 and 2 January are 元旦: their birthday care moves to 31 December, and to December
    expect(await described('2026-12')).toEqual(
      [
        'visit_5a 2026-12 2026-12-31',
        'network_report_5a 2026-12 2026-12-31',
        'birthday_care_5a 2027-birthday(元旦生) 2026-12-31',
        'birthday_care_3a 2027-birthday(初二生) 2026-12-31',
        'holiday_greeting_5a 2027-元旦 2026-12-31', // created by the import
        'holiday_greeting_3a 2027-元旦 2026-12-31',
      ].sort(),
    );
    // December 2027 is now inside the horizon too (2027 and 2028 loaded)
    expect((await described('2027-12')).filter((t) => t.endsWith(' P'))).toEqual([]);

    const view = await apiTasks(mine.c5);
    expect(view.filter((t) => t.status === 'open').every((t) => !t.provisional)).toBe(true);

    const audit = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/audit?entity=taskGeneration&entityId=CN:2027',
      headers: admin,
    });
    const entries = audit.json<{ action: string; after: Record<string, unknown> }[]>();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'recompute',
      after: { months: ['2026-12', '2027-01', '2027-12'], cancelled: 0 },
    });
    const after = entries[0]!.after as {
      provisional: number;
      confirmed: number;
      moved: number;
      created: number;
    };
    expect(after.confirmed).toBe(after.provisional); // every provisional task is now official
    expect(after.moved).toBeGreaterThanOrEqual(5);
    expect(after.created).toBeGreaterThanOrEqual(2);

    // the ledger of the greetings and birthday care of those months was reset …
    const ledger = await ctx.deps.db
      .select()
      .from(taskGenerations)
      .where(inArray(taskGenerations.month, ['2026-12', '2027-01', '2027-12']));
    expect(ledger.some((l) => l.actionCode.startsWith('holiday_greeting'))).toBe(false);
    expect(ledger.some((l) => l.actionCode === 'visit_5a')).toBe(true);
  });

  it('a rerun of generation creates nothing new', async () => {
    for (const month of ['2026-12', '2027-01', '2027-12']) {
      const again = await generateTasks(ctx.deps, { month, at: ctx.clock.now });
      expect(again.created, month).toBe(0);
    }
    const job = await runTaskGenerationJob(ctx.deps, ctx.clock.now);
    expect(job).toEqual({ created: 0, createdNextMonth: 0 });
    // … and is complete again
    const ledger = await ctx.deps.db
      .select()
      .from(taskGenerations)
      .where(eq(taskGenerations.month, '2026-12'));
    expect(ledger.some((l) => l.actionCode.startsWith('holiday_greeting'))).toBe(true);
  });
});
