/**
 * The AHP basis of a model version over HTTP (PRODUCT.md §2): the pairwise matrices the wizard
 * applied and their CR are stored in the definition, validated (square, reciprocal, CR < 0.10,
 * giving the weights stored), kept through activation, and fixed with the version afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, type ValueModelDefinition } from '../../src/domain/value/model.ts';
import { createTestContext, type TestContext } from '../harness.ts';

let ctx: TestContext;
let admin: { authorization: string };

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-06-15T02:00:00Z');
  admin = await ctx.auth('admin');
});
afterAll(() => ctx.close());

const inject = (method: 'GET' | 'POST' | 'PUT', url: string, headers: object, payload?: unknown) =>
  ctx.app.inject({ method, url, headers: headers as Record<string, string>, payload: payload as object });

const INFLUENCE = ['socialInfluence', 'valueChainRole', 'drivenRevenue'];
const MATRIX = [
  [1, 3, 5],
  [1 / 3, 1, 3],
  [1 / 5, 1 / 3, 1],
];

/** What the wizard does on "apply": the server's weights, rounded to 4 decimals summing to 1. */
async function applied(): Promise<{ def: ValueModelDefinition; cr: number }> {
  const res = await inject('POST', '/api/v1/ahp', admin, { matrix: MATRIX });
  const { weights, cr } = res.json() as { weights: number[]; cr: number };
  const w = weights.map((x) => Math.round(x * 10_000) / 10_000);
  w[0] = Math.round(((w[0] as number) + 1 - w.reduce((s, x) => s + x, 0)) * 10_000) / 10_000;
  const def = structuredClone(DEFAULT_MODEL);
  def.weights.influence = Object.fromEntries(INFLUENCE.map((k, i) => [k, w[i] as number]));
  def.ahp = { influence: { criteria: INFLUENCE, matrix: MATRIX, cr } };
  return { def, cr };
}

describe('AHP matrices stored with the model version', () => {
  it('a draft keeps the matrix and CR it was weighted with, through activation', async () => {
    const { def, cr } = await applied();
    expect(cr).toBeCloseTo(0.033, 3);
    const created = await inject('POST', '/api/v1/value-models', admin, {
      name: 'AHP 模型',
      definition: def,
    });
    expect(created.statusCode).toBe(201);
    const version = created.json().version as number;
    expect(created.json().definition.ahp).toEqual({ influence: { criteria: INFLUENCE, matrix: MATRIX, cr } });

    const activated = await inject('POST', `/api/v1/value-models/${version}/activate`, admin, {
      reason: '层次分析',
    });
    expect(activated.statusCode).toBe(200);
    const read = await inject('GET', `/api/v1/value-models/${version}`, await ctx.auth('analyst'));
    expect(read.json()).toMatchObject({ status: 'active', definition: { ahp: { influence: { cr } } } });
    expect(read.json().definition.ahp.influence.matrix[2][0]).toBe(1 / 5);

    // immutable afterwards, the basis included
    const changed = structuredClone(def);
    delete changed.ahp;
    expect(
      (await inject('PUT', `/api/v1/value-models/${version}`, admin, { definition: changed })).statusCode,
    ).toBe(409);
  });

  it('a matrix that is not reciprocal names the cell; nothing is stored', async () => {
    const { def } = await applied();
    def.ahp!.influence!.matrix = [
      [1, 3, 5],
      [0.5, 1, 3],
      [1 / 5, 1 / 3, 1],
    ];
    const before = (await inject('GET', '/api/v1/value-models', admin)).json().length;
    const res = await inject('POST', '/api/v1/value-models', admin, { name: 'x', definition: def });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('MODEL_INVALID');
    expect(res.json().errors).toEqual([
      {
        field: 'definition.ahp.influence.matrix[1][0]',
        message: 'Not reciprocal: must be 1/ahp.influence.matrix[0][1] = 0.3333, is 0.5',
      },
    ]);
    expect((await inject('GET', '/api/v1/value-models', admin)).json()).toHaveLength(before);
  });

  it('CR ≥ 0.10, a non-square matrix, and weights edited after applying are refused', async () => {
    const { def } = await applied();
    const draft = (
      await inject('POST', '/api/v1/value-models', admin, { name: '草稿', definition: def })
    ).json();
    const put = (definition: unknown) =>
      inject('PUT', `/api/v1/value-models/${draft.version}`, admin, { definition });

    const inconsistent = structuredClone(def);
    inconsistent.ahp!.influence!.matrix = [
      [1, 9, 1 / 9],
      [1 / 9, 1, 9],
      [9, 1 / 9, 1],
    ];
    const res = await put(inconsistent);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('definition.ahp.influence.matrix');
    expect(res.json().errors[0].message).toMatch(/^Consistency ratio [\d.]+ ≥ 0\.1/);

    const ragged = structuredClone(def);
    ragged.ahp!.influence!.matrix = [
      [1, 3, 5],
      [1 / 3, 1],
      [1 / 5, 1 / 3, 1],
    ];
    expect((await put(ragged)).json().errors[0].field).toBe('definition.ahp.influence.matrix[1]');

    const byHand = structuredClone(def);
    byHand.weights.influence = { socialInfluence: 0.5, valueChainRole: 0.3, drivenRevenue: 0.2 };
    const stale = await put(byHand);
    expect(stale.statusCode).toBe(400);
    expect(stale.json().errors[0]).toEqual({
      field: 'definition.ahp.influence',
      message:
        "The weight of 'socialInfluence' is 0.5, the matrix gives 0.637; apply the wizard again or drop the basis",
    });
    // weights set by hand without the basis are fine
    delete byHand.ahp;
    expect((await put(byHand)).statusCode).toBe(200);
  });
});
