import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessmentRuns, assessments, customers, users } from '../../src/db/schema.ts';
import { DEFAULT_MODEL } from '../../src/domain/value/model.ts';
import { ensureDefaultModel } from '../../src/modules/value/model.service.ts';
import { createTestContext, type TestContext } from '../harness.ts';

let ctx: TestContext;
let admin: { authorization: string };
const ids: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-06-15T02:00:00Z');
  admin = await ctx.auth('admin');
  const db = ctx.deps.db;
  const us = await db.select({ id: users.id, username: users.username }).from(users);
  const userId = (name: string) => us.find((u) => u.username === name)?.id ?? null;
  for (const [code, am, region] of [
    ['VM-1', 'am1', 'GD-GZ'],
    ['VM-2', 'am2', 'GD-SZ'],
  ] as const) {
    const [row] = await db
      .insert(customers)
      .values({
        code,
        name: `价值模型测试${code}`,
        industry: 'I',
        regionCode: region,
        accountManagerId: userId(am),
      })
      .returning();
    if (!row) throw new Error('insert');
    ids[code] = row.id;
  }
});
afterAll(() => ctx.close());

const inject = (method: 'GET' | 'POST' | 'PUT', url: string, headers: object, payload?: unknown) =>
  ctx.app.inject({ method, url, headers: headers as Record<string, string>, payload: payload as object });

describe('indicators and models', () => {
  it('lists the 17 indicators', async () => {
    const res = await inject('GET', '/api/v1/indicators', await ctx.auth('am1'));
    expect(res.statusCode).toBe(200);
    const list = res.json();
    expect(list).toHaveLength(17);
    expect(list.find((i: { key: string }) => i.key === 'arrearsMonths')).toMatchObject({
      direction: -1,
      group: 'contribution',
      enterable: false,
    });
    expect(list.filter((i: { enterable: boolean }) => i.enterable)).toHaveLength(8);
  });

  it('publishes the default model as version 1, active', async () => {
    const res = await inject('GET', '/api/v1/value-models', await ctx.auth('analyst'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-total-count']).toBe(String(res.json().length));
    const active = res.json().filter((m: { status: string }) => m.status === 'active');
    expect(active).toHaveLength(1);
    const one = await inject('GET', `/api/v1/value-models/${active[0].version}`, admin);
    expect(one.json().definition.totalWeights).toEqual(DEFAULT_MODEL.totalWeights);
  });

  it('only admin creates drafts', async () => {
    const res = await inject('POST', '/api/v1/value-models', await ctx.auth('kam'), {
      name: 'x',
      definition: DEFAULT_MODEL,
    });
    expect(res.statusCode).toBe(403);
  });

  it('model validation names the field; nothing is stored', async () => {
    const before = (await inject('GET', '/api/v1/value-models', admin)).json().length;
    const def = structuredClone(DEFAULT_MODEL);
    def.weights.loyalty.satisfaction = 0.9;
    def.tiering.cuts = [80, 90, 50, 35];
    const res = await inject('POST', '/api/v1/value-models', admin, { name: 'bad', definition: def });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('MODEL_INVALID');
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'definition.weights.loyalty',
      'definition.tiering.cuts[1]',
    ]);
    expect((await inject('GET', '/api/v1/value-models', admin)).json()).toHaveLength(before);
  });

  it('creates a draft, edits it, activates it (previous retired, audited), then it is immutable', async () => {
    const def = structuredClone(DEFAULT_MODEL);
    def.totalWeights = { currentValue: 0.5, potentialValue: 0.2, loyalty: 0.2, influence: 0.1 };
    const created = await inject('POST', '/api/v1/value-models', admin, {
      name: '2026 模型',
      definition: def,
    });
    expect(created.statusCode).toBe(201);
    const draft = created.json();
    expect(draft.status).toBe('draft');

    def.tiering = { scheme: 'telecom', method: 'quota', cuts: [0.02, 0.1, 0.25, 0.5], graceRuns: 2 };
    const edited = await inject('PUT', `/api/v1/value-models/${draft.version}`, admin, {
      definition: def,
      note: '按配额',
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().definition.tiering.method).toBe('quota');

    const badEdit = await inject('PUT', `/api/v1/value-models/${draft.version}`, admin, {
      definition: { ...def, totalWeights: { currentValue: 1 } },
    });
    expect(badEdit.statusCode).toBe(400);
    expect(badEdit.json().errors[0].field).toBe('definition.totalWeights.potentialValue');

    const previous = (await inject('GET', '/api/v1/value-models', admin))
      .json()
      .find((m: { status: string }) => m.status === 'active');
    const forbidden = await inject(
      'POST',
      `/api/v1/value-models/${draft.version}/activate`,
      await ctx.auth('analyst'),
      {},
    );
    expect(forbidden.statusCode).toBe(403);
    const activated = await inject('POST', `/api/v1/value-models/${draft.version}/activate`, admin, {
      reason: '年度调整',
    });
    expect(activated.statusCode).toBe(200);
    expect(activated.json().status).toBe('active');
    expect(activated.json().activatedAt).toBe('2026-06-15T02:00:00.000Z');
    const old = await inject('GET', `/api/v1/value-models/${previous.version}`, admin);
    expect(old.json().status).toBe('retired');

    const immutable = await inject('PUT', `/api/v1/value-models/${draft.version}`, admin, { name: 'x' });
    expect(immutable.statusCode).toBe(409);
    const again = await inject('POST', `/api/v1/value-models/${draft.version}/activate`, admin, {});
    expect(again.statusCode).toBe(409);

    const audit = await inject(
      'GET',
      `/api/v1/audit?entity=valueModel&entityId=${draft.version}`,
      await ctx.auth('auditor'),
    );
    const actions = audit.json().map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['create', 'update', 'activate']));

    // roll back: re-activate the retired version
    const back = await inject('POST', `/api/v1/value-models/${previous.version}/activate`, admin, {});
    expect(back.statusCode).toBe(200);
    expect((await inject('GET', `/api/v1/value-models/${draft.version}`, admin)).json().status).toBe(
      'retired',
    );
  });

  it('ensureDefaultModel publishes nothing once a model exists', async () => {
    const before = (await inject('GET', '/api/v1/value-models', admin)).json().length;
    await ctx.deps.db.transaction((tx) => ensureDefaultModel(tx));
    expect((await inject('GET', '/api/v1/value-models', admin)).json()).toHaveLength(before);
  });

  it('unknown version → 404', async () => {
    expect((await inject('GET', '/api/v1/value-models/999', admin)).statusCode).toBe(404);
  });
});

describe('POST /api/v1/ahp', () => {
  it('returns weights, λmax, CI and CR of a consistent matrix', async () => {
    const res = await inject('POST', '/api/v1/ahp', await ctx.auth('analyst'), {
      matrix: [
        [1, 3, 5],
        [1 / 3, 1, 3],
        [1 / 5, 1 / 3, 1],
      ],
      labels: ['当前价值', '潜在价值', '忠诚度'],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.weights[0]).toBeCloseTo(0.637, 3);
    expect(body.cr).toBeCloseTo(0.033, 3);
    expect(body.lambdaMax).toBeCloseTo(3.0385, 3);
    expect(body.labels).toHaveLength(3);
  });

  it('refuses CR ≥ 0.10 with 400 AHP_INCONSISTENT and the CR', async () => {
    const res = await inject('POST', '/api/v1/ahp', admin, {
      matrix: [
        [1, 9, 1 / 9],
        [1 / 9, 1, 9],
        [9, 1 / 9, 1],
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('AHP_INCONSISTENT');
    expect(res.json().cr).toBeGreaterThan(0.1);
    expect(res.json().detail).toMatch(/CR/);
  });

  it('labels must match the criteria', async () => {
    const res = await inject('POST', '/api/v1/ahp', admin, { matrix: [[1]], labels: ['a', 'b'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('labels');
  });

  it('a non-reciprocal matrix names the cell', async () => {
    const res = await inject('POST', '/api/v1/ahp', admin, {
      matrix: [
        [1, 2, 4],
        [0.5, 1, 2],
        [0.5, 0.5, 1],
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(res.json().errors[0].field).toBe('matrix[2][0]');
  });
});

describe('POST /api/v1/value-models/tier-preview', () => {
  const telecom = { scheme: 'telecom', method: 'threshold', cuts: [80, 65, 50, 35], graceRuns: 1 };

  type Preview = {
    assessed: number;
    classes: { cls: string; count: number; current: number }[];
    moves: Record<string, number>;
    histogram: { count: number }[];
  };
  const preview = async (user: string, tiering: object = telecom) =>
    (
      await inject('POST', '/api/v1/value-models/tier-preview', await ctx.auth(user), { tiering })
    ).json() as Preview;
  // the test database may hold other assessed customers: compare with the book before VM-1/VM-2
  const before: Record<string, Preview> = {};
  const count = (p: Preview, cls: string) => p.classes.find((c) => c.cls === cls)!.count;

  beforeAll(async () => {
    const db = ctx.deps.db;
    await db.transaction((tx) => ensureDefaultModel(tx));
    before.admin = await preview('admin');
    before.kam = await preview('kam');
    before.low = await preview('admin', { ...telecom, cuts: [80, 40, 30, 20] });
    await db.update(customers).set({ tier: '4A' }).where(eq(customers.code, 'VM-1'));
    const [run] = await db
      .insert(assessmentRuns)
      .values({
        modelVersion: 1,
        asOf: '2026-06-01',
        scope: 'all',
        trigger: 'manual',
        status: 'done',
        startedBy: 'test',
        startedAt: new Date('2026-06-01T00:00:00Z'),
      })
      .returning();
    for (const [code, total] of [
      ['VM-1', 85],
      ['VM-2', 40],
    ] as const) {
      await db.insert(assessments).values({
        runId: run!.id,
        customerId: ids[code]!,
        modelVersion: 1,
        asOf: '2026-06-01',
        total,
        scores: {},
        missing: [],
      });
    }
  });

  it('counts the classes the cut points would give the customers in scope, and the moves', async () => {
    const res = await inject('POST', '/api/v1/value-models/tier-preview', admin, { tiering: telecom });
    expect(res.statusCode).toBe(200);
    const p = res.json() as Preview & { latestAsOf: string | null };
    const b = before.admin!;
    expect(p.assessed - b.assessed).toBe(2);
    expect(p.latestAsOf).not.toBeNull();
    // VM-1 (85, 4A today) → 5A, an upgrade; VM-2 (40, unrated) → 2A
    expect(count(p, '5A') - count(b, '5A')).toBe(1);
    expect(count(p, '2A') - count(b, '2A')).toBe(1);
    expect(p.moves.up! - b.moves.up!).toBe(1);
    expect(p.moves.unrated! - b.moves.unrated!).toBe(1);
    expect(p.histogram[17]!.count - b.histogram[17]!.count).toBe(1);
    expect(p.histogram.reduce((sum, bin) => sum + bin.count, 0)).toBe(p.assessed);
    // lower thresholds: VM-2 (40) becomes 4A
    const low = await preview('admin', { ...telecom, cuts: [80, 40, 30, 20] });
    expect(count(low, '4A') - count(before.low!, '4A')).toBe(1);
  });

  it('is scoped: the kam_manager counts the region; account managers may not try cut points', async () => {
    const kam = await preview('kam');
    expect(kam.assessed - before.kam!.assessed).toBe(2);
    expect(kam.assessed).toBeLessThanOrEqual((await preview('admin')).assessed);
    const am = await inject('POST', '/api/v1/value-models/tier-preview', await ctx.auth('am1'), {
      tiering: telecom,
    });
    expect(am.statusCode).toBe(403);
  });

  it('names the cut point that breaks the rules', async () => {
    const res = await inject('POST', '/api/v1/value-models/tier-preview', admin, {
      tiering: { ...telecom, cuts: [80, 85, 50, 35] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('tiering.cuts[1]');
    const shape = await inject('POST', '/api/v1/value-models/tier-preview', admin, {
      tiering: { ...telecom, scheme: 'gold' },
    });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().errors[0].field).toBe('tiering.scheme');
  });
});

describe('indicator inputs', () => {
  const url = (code: string, period = '2026-06-01') =>
    `/api/v1/customers/${ids[code]}/indicator-inputs?period=${period}`;

  it('the owning account manager writes and reads them, audited; missing ones listed', async () => {
    const am1 = await ctx.auth('am1');
    const empty = await inject('GET', url('VM-1'), am1);
    expect(empty.statusCode).toBe(200);
    expect(empty.json().missing).toHaveLength(8);

    const res = await inject('PUT', url('VM-1'), am1, {
      inputs: { reciprocity: 4, socialInfluence: 5, demandForecast: 1_200_000_00, servicesMovedOut: 0 },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const item = body.items.find((i: { indicator: string }) => i.indicator === 'reciprocity');
    expect(item).toMatchObject({ value: 4, enteredBy: 'am1', enteredAt: '2026-06-15T02:00:00.000Z' });
    expect(item.enteredByName).toBeTruthy();
    expect(body.missing).toEqual([
      'priceSensitivity',
      'businessCondition',
      'valueChainRole',
      'telecomDependence',
    ]);

    // clearing one, next period shows the previous value
    const cleared = await inject('PUT', url('VM-1'), am1, { inputs: { socialInfluence: null } });
    expect(cleared.json().missing).toContain('socialInfluence');
    const next = await inject('GET', url('VM-1', '2026-07-01'), am1);
    const rec = next.json().items.find((i: { indicator: string }) => i.indicator === 'reciprocity');
    expect(rec).toMatchObject({ value: null, previousValue: 4, previousPeriod: '2026-06-01' });

    const audit = await inject(
      'GET',
      `/api/v1/audit?entity=indicatorInputs&entityId=${ids['VM-1']}`,
      await ctx.auth('auditor'),
    );
    expect(audit.json()).toHaveLength(2);
  });

  it("am1 writing inputs of am2's customer → 404; reading too", async () => {
    const am1 = await ctx.auth('am1');
    expect((await inject('PUT', url('VM-2'), am1, { inputs: { reciprocity: 3 } })).statusCode).toBe(404);
    expect((await inject('GET', url('VM-2'), am1)).statusCode).toBe(404);
  });

  it('the kam_manager of the region and admin may write; analyst only reads', async () => {
    expect(
      (await inject('PUT', url('VM-2'), await ctx.auth('kam'), { inputs: { reciprocity: 3 } })).statusCode,
    ).toBe(200);
    expect((await inject('PUT', url('VM-2'), admin, { inputs: { valueChainRole: 2 } })).statusCode).toBe(200);
    const analyst = await ctx.auth('analyst');
    expect((await inject('GET', url('VM-2'), analyst)).statusCode).toBe(200);
    expect((await inject('PUT', url('VM-2'), analyst, { inputs: { reciprocity: 3 } })).statusCode).toBe(403);
  });

  it('a 1–5 input of 7 → 400 naming the field, nothing written', async () => {
    const am2 = await ctx.auth('am2');
    const res = await inject('PUT', url('VM-2', '2026-05-01'), am2, {
      inputs: { businessCondition: 4, reciprocity: 7, avgMonthlyRevenue: 5 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'inputs.reciprocity',
      'inputs.avgMonthlyRevenue',
    ]);
    const after = await inject('GET', url('VM-2', '2026-05-01'), am2);
    expect(after.json().missing).toHaveLength(8);
  });

  it('a period must be the first of a month', async () => {
    const res = await inject('GET', url('VM-1', '2026-06-15'), admin);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('period');
  });
});
