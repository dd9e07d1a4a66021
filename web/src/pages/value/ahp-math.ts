/**
 * AHP arithmetic for the wizard's LIVE display (principal eigenvector by power iteration, λmax,
 * CI, Saaty's RI, CR). It mirrors `src/domain/value/ahp.ts`, which stays the authority: "apply"
 * sends the matrix to POST /api/v1/ahp, and the server refuses CR ≥ 0.10. Computing here avoids
 * a request per slider move.
 */

/** Saaty's random consistency index by order n (index n). */
export const RANDOM_INDEX = [
  0, 0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
];
export const MAX_CR = 0.1;

/** Saaty's 1–9 scale and reciprocals, strongest for the row first. */
export const SAATY_VALUES = [
  9,
  8,
  7,
  6,
  5,
  4,
  3,
  2,
  1,
  1 / 2,
  1 / 3,
  1 / 4,
  1 / 5,
  1 / 6,
  1 / 7,
  1 / 8,
  1 / 9,
];

/** `3` or `1/3` for a scale value. */
export function formatSaaty(value: number): string {
  if (value >= 1) return String(Math.round(value));
  return `1/${Math.round(1 / value)}`;
}

export type LiveAhp = { weights: number[]; lambdaMax: number; ci: number; cr: number; consistent: boolean };

/** The identity matrix of order n (all criteria equally important). */
export function identityMatrix(n: number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: n }, () => 1));
}

/** Sets a_ij = value and a_ji = 1/value, returning a new matrix. */
export function setPair(matrix: number[][], i: number, j: number, value: number): number[][] {
  const next = matrix.map((row) => [...row]);
  const rowI = next[i];
  const rowJ = next[j];
  if (!rowI || !rowJ || i === j) return next;
  rowI[j] = value;
  rowJ[i] = 1 / value;
  return next;
}

/** Weights and consistency of a positive reciprocal matrix. */
export function liveAhp(matrix: number[][]): LiveAhp {
  const n = matrix.length;
  const a = (i: number, j: number) => matrix[i]?.[j] ?? 1;
  let w = Array.from({ length: n }, () => 1 / n);
  for (let iter = 0; iter < 5000; iter++) {
    const next = w.map((_, i) => w.reduce((s, wj, j) => s + a(i, j) * wj, 0));
    const sum = next.reduce((x, y) => x + y, 0);
    const normalised = next.map((v) => v / sum);
    const delta = Math.max(...normalised.map((v, i) => Math.abs(v - (w[i] ?? 0))));
    w = normalised;
    if (delta < 1e-12) break;
  }
  const lambdaMax =
    n === 0 ? 0 : w.reduce((s, wi, i) => s + w.reduce((t, wj, j) => t + a(i, j) * wj, 0) / wi, 0) / n;
  const ci = n <= 2 ? 0 : Math.max(0, (lambdaMax - n) / (n - 1));
  const ri = RANDOM_INDEX[n] ?? 0;
  const cr = n <= 2 || ri === 0 ? 0 : ci / ri;
  return { weights: w, lambdaMax, ci, cr, consistent: cr < MAX_CR };
}

/**
 * Weights rounded to 4 decimals that still sum to exactly 1 (the rounding rest goes to the
 * largest weight), as the model's weight editor stores them.
 */
export function roundWeights(weights: readonly number[]): number[] {
  const rounded = weights.map((w) => Math.round(w * 10_000) / 10_000);
  const rest = Math.round((1 - rounded.reduce((s, w) => s + w, 0)) * 10_000) / 10_000;
  if (rest !== 0 && rounded.length > 0) {
    let largest = 0;
    rounded.forEach((w, i) => {
      if (w > (rounded[largest] ?? 0)) largest = i;
    });
    rounded[largest] = Math.round(((rounded[largest] ?? 0) + rest) * 10_000) / 10_000;
  }
  return rounded;
}

/**
 * A stored matrix rearranged into the order of `keys`, or null when it compares other criteria
 * (not the same set) or is malformed. The wizard reopens a version's matrix with it.
 */
export function matrixFor(
  basis: { criteria: readonly string[]; matrix: readonly (readonly number[])[] } | undefined,
  keys: readonly string[],
): number[][] | null {
  if (!basis || basis.criteria.length !== keys.length) return null;
  const index = keys.map((k) => basis.criteria.indexOf(k));
  if (index.some((i) => i < 0) || new Set(index).size !== keys.length) return null;
  const out = index.map((i) => index.map((j) => basis.matrix[i]?.[j]));
  return out.every((row) => row.every((v) => typeof v === 'number' && v > 0)) ? (out as number[][]) : null;
}
