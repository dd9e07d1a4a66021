import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { ahpWeights, computeAhp, RANDOM_INDEX, validatePairwiseMatrix } from './ahp.ts';

function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('ahpWeights (PRODUCT.md §2, Saaty)', () => {
  it('a consistent matrix gives exact weights and CR 0', () => {
    const r = ahpWeights([
      [1, 2, 4],
      [1 / 2, 1, 2],
      [1 / 4, 1 / 2, 1],
    ]);
    expect(r.weights[0]).toBeCloseTo(4 / 7, 10);
    expect(r.weights[1]).toBeCloseTo(2 / 7, 10);
    expect(r.weights[2]).toBeCloseTo(1 / 7, 10);
    expect(r.lambdaMax).toBeCloseTo(3, 10);
    expect(r.ci).toBeCloseTo(0, 10);
    expect(r.cr).toBeCloseTo(0, 10);
    expect(r.consistent).toBe(true);
  });

  it('the textbook 3×3 example (1, 3, 5 / 1/3, 1, 3) has λmax ≈ 3.039 and CR ≈ 0.033', () => {
    const r = ahpWeights([
      [1, 3, 5],
      [1 / 3, 1, 3],
      [1 / 5, 1 / 3, 1],
    ]);
    expect(r.weights[0]).toBeCloseTo(0.637, 3);
    expect(r.weights[1]).toBeCloseTo(0.258, 3);
    expect(r.weights[2]).toBeCloseTo(0.105, 3);
    expect(r.lambdaMax).toBeCloseTo(3.0385, 3);
    expect(r.ci).toBeCloseTo(0.0193, 3);
    expect(r.cr).toBeCloseTo(0.033, 3);
    expect(r.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('the four results into the total (4×4, equal to the default model 40/25/20/15 ratios roughly)', () => {
    const r = ahpWeights([
      [1, 2, 2, 3],
      [1 / 2, 1, 1, 2],
      [1 / 2, 1, 1, 1],
      [1 / 3, 1 / 2, 1, 1],
    ]);
    expect(r.cr).toBeLessThan(0.1);
    expect(r.weights[0]).toBeGreaterThan(r.weights[1] as number);
    expect(r.ri).toBe(0.9);
  });

  it('refuses a known inconsistent matrix (A > B > C > A) with AHP_INCONSISTENT and the CR', () => {
    const m = [
      [1, 9, 1 / 9],
      [1 / 9, 1, 9],
      [9, 1 / 9, 1],
    ];
    const info = computeAhp(m);
    expect(info.consistent).toBe(false);
    expect(info.cr).toBeGreaterThan(1);
    const e = thrown(() => ahpWeights(m));
    expect(e.code).toBe('AHP_INCONSISTENT');
    expect(e.details?.cr).toBeCloseTo(info.cr, 10);
    expect(e.message).toMatch(/CR/);
    expect(e.message).toMatch(/一致性/);
  });

  it('refuses a mildly inconsistent matrix just above 0.10', () => {
    // 1 3 1/3 / … : A>B, C>A, but B vs C = 3 contradicts
    const m = [
      [1, 3, 1 / 3],
      [1 / 3, 1, 3],
      [3, 1 / 3, 1],
    ];
    expect(computeAhp(m).cr).toBeGreaterThanOrEqual(0.1);
    expect(thrown(() => ahpWeights(m)).code).toBe('AHP_INCONSISTENT');
  });

  it('n ≤ 2 always has CR 0', () => {
    expect(ahpWeights([[1]]).weights).toEqual([1]);
    const r = ahpWeights([
      [1, 9],
      [1 / 9, 1],
    ]);
    expect(r.cr).toBe(0);
    expect(r.weights[0]).toBeCloseTo(0.9, 10);
  });

  it("uses Saaty's RI table", () => {
    expect(RANDOM_INDEX[3]).toBe(0.58);
    expect(RANDOM_INDEX[4]).toBe(0.9);
    expect(RANDOM_INDEX[5]).toBe(1.12);
    expect(RANDOM_INDEX[9]).toBe(1.45);
  });

  it('accepts 1/3 written as 0.333', () => {
    expect(() =>
      ahpWeights([
        [1, 3],
        [0.333, 1],
      ]),
    ).not.toThrow();
  });
});

describe('validatePairwiseMatrix names the cell', () => {
  it('non-reciprocal → matrix[2][0]', () => {
    const issues = validatePairwiseMatrix([
      [1, 2, 4],
      [1 / 2, 1, 2],
      [1 / 3, 1 / 2, 1],
    ]);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.field).toBe('matrix[2][0]');
    expect(issues[0]?.message).toMatch(/reciprocal/);
    const e = thrown(() =>
      computeAhp([
        [1, 2, 4],
        [1 / 2, 1, 2],
        [1 / 3, 1 / 2, 1],
      ]),
    );
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.errors[0]?.field).toBe('matrix[2][0]');
  });

  it.each([
    [[], 'matrix'],
    [[[1, 2]], 'matrix[0]'],
    [
      [
        [1, 2],
        [0.5, 1, 3],
      ],
      'matrix[1]',
    ],
    [
      [
        [2, 1],
        [1, 1],
      ],
      'matrix[0][0]',
    ],
    [
      [
        [1, -2],
        [-0.5, 1],
      ],
      'matrix[0][1]',
    ],
    [
      [
        [1, 12],
        [1 / 12, 1],
      ],
      'matrix[0][1]',
    ],
    [
      [
        [1, Number.NaN],
        [1, 1],
      ],
      'matrix[0][1]',
    ],
  ])('%j → %s', (matrix, field) => {
    expect(validatePairwiseMatrix(matrix)[0]?.field).toBe(field);
  });

  it('refuses more than 15 criteria', () => {
    const m = Array.from({ length: 16 }, () => Array.from({ length: 16 }, () => 1));
    expect(validatePairwiseMatrix(m)[0]?.message).toMatch(/15/);
  });
});
