import { describe, expect, it } from 'vitest';
import { computeAhp } from './ahp.ts';
import type { AhpBasis } from './ahp-basis.ts';
import { DEFAULT_MODEL, type ValueModelDefinition, validateModel } from './model.ts';

/** Saaty's textbook matrix (CR ≈ 0.033) over the three indicators of influence. */
const INFLUENCE: AhpBasis = {
  criteria: ['socialInfluence', 'valueChainRole', 'drivenRevenue'],
  matrix: [
    [1, 3, 5],
    [1 / 3, 1, 3],
    [1 / 5, 1 / 3, 1],
  ],
  cr: computeAhp([
    [1, 3, 5],
    [1 / 3, 1, 3],
    [1 / 5, 1 / 3, 1],
  ]).cr,
};

/** Current value twice as important as each other result, the rest equal: consistent (CR 0). */
const TOTAL: AhpBasis = {
  criteria: ['currentValue', 'potentialValue', 'loyalty', 'influence'],
  matrix: [
    [1, 2, 2, 2],
    [1 / 2, 1, 1, 1],
    [1 / 2, 1, 1, 1],
    [1 / 2, 1, 1, 1],
  ],
  cr: 0,
};

/** Weights rounded to 4 decimals, the rest on the largest — as the wizard stores them. */
function rounded(basis: AhpBasis): Record<string, number> {
  const w = computeAhp(basis.matrix).weights.map((x) => Math.round(x * 10_000) / 10_000);
  const rest = Math.round((1 - w.reduce((s, x) => s + x, 0)) * 10_000) / 10_000;
  w[0] = Math.round(((w[0] as number) + rest) * 10_000) / 10_000;
  return Object.fromEntries(basis.criteria.map((k, i) => [k, w[i] as number]));
}

function withBases(): ValueModelDefinition {
  const def = structuredClone(DEFAULT_MODEL);
  def.weights.influence = rounded(INFLUENCE);
  def.totalWeights = rounded(TOTAL) as ValueModelDefinition['totalWeights'];
  def.ahp = { influence: structuredClone(INFLUENCE), total: structuredClone(TOTAL) };
  return def;
}

const issues = (def: unknown) => validateModel(def);
const fields = (def: unknown) => issues(def).map((i) => i.field);

describe('AHP basis in the model definition (PRODUCT.md §2)', () => {
  it('a model with the matrices that gave its weights is valid; without any too', () => {
    expect(issues(withBases())).toEqual([]);
    expect(withBases().weights.influence.socialInfluence).toBeCloseTo(0.637, 3);
    expect(issues(DEFAULT_MODEL)).toEqual([]);
  });

  it('a matrix that is not reciprocal names the cell', () => {
    const def = withBases();
    def.ahp!.influence!.matrix[1]![0] = 0.5;
    expect(issues(def)).toEqual([
      {
        field: 'ahp.influence.matrix[1][0]',
        message: 'Not reciprocal: must be 1/ahp.influence.matrix[0][1] = 0.3333, is 0.5',
      },
    ]);
  });

  it('a matrix that is not square, or not of the criteria’s order, is refused', () => {
    const def = withBases();
    def.ahp!.influence!.matrix[2] = [1 / 5, 1 / 3];
    expect(fields(def)).toEqual(['ahp.influence.matrix[2]']);
    const short = withBases();
    short.ahp!.influence!.criteria = ['socialInfluence', 'valueChainRole'];
    expect(issues(short)).toContainEqual({
      field: 'ahp.influence.matrix',
      message: 'Must be 2×2, one row per criterion',
    });
  });

  it('CR ≥ 0.10 is refused, and the stored CR must be the matrix’s', () => {
    const def = withBases();
    // potential ≫ loyalty ≫ influence, yet influence ≫ potential
    def.ahp!.total!.matrix = [
      [1, 1, 1, 1],
      [1, 1, 9, 1 / 9],
      [1, 1 / 9, 1, 9],
      [1, 9, 1 / 9, 1],
    ];
    expect(issues(def)[0]?.field).toBe('ahp.total.matrix');
    expect(issues(def)[0]?.message).toMatch(/^Consistency ratio \d\.\d+ ≥ 0\.1/);
    const wrongCr = withBases();
    wrongCr.ahp!.influence!.cr = 0.01;
    expect(issues(wrongCr)).toEqual([
      { field: 'ahp.influence.cr', message: "Is not the matrix's consistency ratio (0.0332)" },
    ]);
  });

  it('weights edited by hand after applying no longer match their basis', () => {
    const def = withBases();
    def.weights.influence = { socialInfluence: 0.5, valueChainRole: 0.3, drivenRevenue: 0.2 };
    expect(fields(def)).toEqual(['ahp.influence', 'ahp.influence', 'ahp.influence']);
    expect(issues(def)[0]?.message).toBe(
      "The weight of 'socialInfluence' is 0.5, the matrix gives 0.637; apply the wizard again or drop the basis",
    );
    const extra = withBases();
    extra.ahp!.influence!.criteria = ['socialInfluence', 'valueChainRole', 'reciprocity'];
    expect(issues(extra)).toEqual([
      {
        field: 'ahp.influence',
        message:
          'Weighted but not compared in the matrix: drivenRevenue; apply the wizard again or drop the basis',
      },
    ]);
  });

  it('names unknown groups and criteria', () => {
    const def = withBases() as unknown as { ahp: Record<string, unknown> };
    def.ahp.loyalty = 'x';
    def.ahp.everything = structuredClone(TOTAL);
    (def.ahp.total as AhpBasis).criteria = ['currentValue', 'currentValue', 'loyalty', 'satisfaction'];
    expect(fields(def)).toEqual([
      'ahp.total.criteria[1]',
      'ahp.total.criteria[3]',
      'ahp.loyalty',
      'ahp.everything',
    ]);
    expect(fields({ ...withBases(), ahp: [] })).toEqual(['ahp']);
  });
});
