/**
 * Analytic hierarchy process (层次分析法, PRODUCT.md §2): weights from a pairwise comparison
 * matrix on Saaty's 1–9 scale — the principal eigenvector by power iteration, λmax, the
 * consistency index CI = (λmax − n)/(n − 1), Saaty's random index RI and the consistency ratio
 * CR = CI/RI. A matrix with CR ≥ 0.10 is refused.
 */
import { DomainError, type FieldIssue } from '../errors.ts';

/** Saaty's random consistency index by matrix order n (1…15). */
export const RANDOM_INDEX: readonly number[] = [
  0, 0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
];

/** The largest matrix the RI table covers. */
export const AHP_MAX_ORDER = 15;
/** CR at or above this is refused. */
export const AHP_MAX_CR = 0.1;
/** Tolerance of the reciprocity check a_ji · a_ij = 1. */
export const AHP_RECIPROCAL_TOLERANCE = 1e-3;

export type AhpResult = {
  /** Priority weights, summing to 1, in row order. */
  weights: number[];
  lambdaMax: number;
  ci: number;
  ri: number;
  /** Consistency ratio; 0 for n ≤ 2. */
  cr: number;
  consistent: boolean;
};

/**
 * Structural problems of a pairwise matrix, each naming the cell (`matrix[2][0]`): not square,
 * a non-positive or non-finite entry, a diagonal other than 1, a_ji ≠ 1/a_ij (relative tolerance
 * 1e-3, so 0.333 for 1/3 passes), entries beyond Saaty's 1/9…9, an order above 15.
 * @example validatePairwiseMatrix([[1, 2], [0.4, 1]]) // [{ field: 'matrix[1][0]', … }]
 */
export function validatePairwiseMatrix(matrix: unknown, field = 'matrix'): FieldIssue[] {
  if (!Array.isArray(matrix) || matrix.length === 0) {
    return [{ field, message: 'Must be a non-empty square matrix' }];
  }
  const n = matrix.length;
  if (n > AHP_MAX_ORDER) return [{ field, message: `At most ${AHP_MAX_ORDER} criteria` }];
  const issues: FieldIssue[] = [];
  for (let i = 0; i < n; i++) {
    const row: unknown = matrix[i];
    if (!Array.isArray(row) || row.length !== n) {
      issues.push({ field: `${field}[${i}]`, message: `Row must have ${n} entries (square matrix)` });
    }
  }
  if (issues.length > 0) return issues;
  const m = matrix as unknown[][];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = m[i]?.[j];
      const cell = `${field}[${i}][${j}]`;
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
        issues.push({ field: cell, message: 'Must be a positive number' });
      } else if (i === j && Math.abs(v - 1) > AHP_RECIPROCAL_TOLERANCE) {
        issues.push({ field: cell, message: 'Diagonal entries must be 1' });
      } else if (v > 9 * (1 + AHP_RECIPROCAL_TOLERANCE) || v < (1 / 9) * (1 - AHP_RECIPROCAL_TOLERANCE)) {
        issues.push({ field: cell, message: "Must be on Saaty's scale 1/9 … 9" });
      }
    }
  }
  if (issues.length > 0) return issues;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const a = m[j]?.[i] as number;
      const b = m[i]?.[j] as number;
      if (Math.abs(a * b - 1) > AHP_RECIPROCAL_TOLERANCE) {
        issues.push({
          field: `${field}[${i}][${j}]`,
          message: `Not reciprocal: must be 1/${field}[${j}][${i}] = ${round(1 / a, 4)}, is ${b}`,
        });
      }
    }
  }
  return issues;
}

/**
 * Weights and consistency of a valid pairwise matrix WITHOUT refusing inconsistency (for live
 * display); throws VALIDATION_FAILED naming the cell for a malformed matrix.
 * @example computeAhp([[1, 2, 4], [0.5, 1, 2], [0.25, 0.5, 1]]).weights // [4/7, 2/7, 1/7]
 */
export function computeAhp(matrix: readonly (readonly number[])[]): AhpResult {
  const issues = validatePairwiseMatrix(matrix);
  if (issues.length > 0) {
    throw new DomainError('VALIDATION_FAILED', 'The pairwise matrix is malformed', issues);
  }
  const n = matrix.length;
  const a = (i: number, j: number) => matrix[i]?.[j] as number;
  let w = new Array<number>(n).fill(1 / n);
  for (let iter = 0; iter < 10_000; iter++) {
    const next = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a(i, j) * (w[j] as number);
      next[i] = s;
    }
    const sum = next.reduce((x, y) => x + y, 0);
    for (let i = 0; i < n; i++) next[i] = (next[i] as number) / sum;
    const delta = Math.max(...next.map((v, i) => Math.abs(v - (w[i] as number))));
    w = next;
    if (delta < 1e-13) break;
  }
  let lambda = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += a(i, j) * (w[j] as number);
    lambda += s / (w[i] as number);
  }
  const lambdaMax = lambda / n;
  const ci = n <= 2 ? 0 : Math.max(0, (lambdaMax - n) / (n - 1));
  const ri = RANDOM_INDEX[n] ?? 0;
  const cr = n <= 2 || ri === 0 ? 0 : ci / ri;
  return { weights: w, lambdaMax, ci, ri, cr, consistent: cr < AHP_MAX_CR };
}

/**
 * AHP weights of a pairwise matrix (PRODUCT.md §2); refuses a malformed matrix
 * (VALIDATION_FAILED naming the cell) and an inconsistent one (AHP_INCONSISTENT with `cr`,
 * `ci`, `lambdaMax` and `weights` in the details).
 * @example ahpWeights([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]]).cr // ≈ 0.033
 */
export function ahpWeights(matrix: readonly (readonly number[])[]): AhpResult {
  const result = computeAhp(matrix);
  if (!result.consistent) {
    throw new DomainError(
      'AHP_INCONSISTENT',
      `一致性比率 CR = ${round(result.cr, 3)} ≥ 0.10,判断矩阵不一致,请调整两两比较 (consistency ratio ${round(result.cr, 3)} ≥ 0.10)`,
      [{ field: 'matrix', message: `Consistency ratio ${round(result.cr, 3)} ≥ 0.10` }],
      {
        cr: result.cr,
        ci: result.ci,
        lambdaMax: result.lambdaMax,
        weights: result.weights,
      },
    );
  }
  return result;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
