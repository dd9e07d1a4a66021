/**
 * The basis of a model version's AHP weights (PRODUCT.md §2): the pairwise comparison matrix the
 * wizard applied to a group of weights, with its consistency ratio, kept in the model definition
 * (`definition.ahp`) so that a version's weights can be explained later and the wizard reopens
 * from them. Optional per group; checked by `validateModel` through `validateAhpBases`.
 */
import type { FieldIssue } from '../errors.ts';
import { AHP_MAX_CR, computeAhp, validatePairwiseMatrix } from './ahp.ts';
import { isIndicatorKey, RESULT_KEYS, type ResultKey } from './indicators.ts';

/** Which weights a matrix set: the four results in the total score, or one result's indicators. */
export type AhpGroup = 'total' | ResultKey;
export const AHP_GROUPS: readonly AhpGroup[] = ['total', ...RESULT_KEYS];

/** One group's pairwise matrix as applied. */
export type AhpBasis = {
  /** Row and column order: result keys for 'total', indicator keys for a result. */
  criteria: string[];
  matrix: number[][];
  /** Consistency ratio of `matrix` (below 0.10). */
  cr: number;
};

export type AhpBases = Partial<Record<AhpGroup, AhpBasis>>;

/**
 * How far a stored weight may be from the matrix's eigenvector weight: the wizard stores weights
 * rounded to 4 decimals with the rounding rest on the largest (at most 15 × 0.00005).
 */
export const AHP_WEIGHT_TOLERANCE = 1e-3;
/** How far the stored CR may be from the one recomputed from the matrix. */
export const AHP_CR_TOLERANCE = 1e-4;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const fmt = (x: number) => String(Math.round(x * 10_000) / 10_000);

/**
 * Every problem of `definition.ahp`, by field path (`ahp.loyalty.matrix[2][0]`): known groups;
 * criteria distinct, at least two, result keys for 'total' and indicator keys otherwise; the
 * matrix square of the criteria's order, reciprocal and on Saaty's scale (`validatePairwiseMatrix`),
 * with CR < 0.10 and the stored CR its own; and the group's weights exactly the matrix's —
 * the criteria are the weighted keys and each weight is the eigenvector's within 0.001. A
 * basis that no longer matches its weights must be applied again or dropped.
 *
 * @example
 * validateAhpBases(
 *   { total: { criteria: ['currentValue', 'potentialValue', 'loyalty', 'influence'], matrix: identity4, cr: 0 } },
 *   weights,
 *   { currentValue: 0.25, potentialValue: 0.25, loyalty: 0.25, influence: 0.25 },
 * ) // []
 */
export function validateAhpBases(input: unknown, weights: unknown, totalWeights: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (field: string, message: string) => issues.push({ field, message });
  if (!isObject(input)) return [{ field: 'ahp', message: 'Must be an object of matrices per weight group' }];
  for (const [group, basis] of Object.entries(input)) {
    const f = `ahp.${group}`;
    if (!AHP_GROUPS.includes(group as AhpGroup)) {
      add(f, "Unknown weight group ('total' or a result)");
      continue;
    }
    if (!isObject(basis)) {
      add(f, 'Must be {criteria, matrix, cr}');
      continue;
    }
    const before = issues.length;

    const criteria = basis.criteria;
    if (!Array.isArray(criteria) || criteria.length < 2) {
      add(`${f}.criteria`, 'Must list at least two criteria');
    } else {
      const seen = new Set<unknown>();
      criteria.forEach((c: unknown, i) => {
        const known = group === 'total' ? RESULT_KEYS.includes(c as ResultKey) : isIndicatorKey(c);
        if (!known) add(`${f}.criteria[${i}]`, group === 'total' ? 'Unknown result' : 'Unknown indicator');
        else if (seen.has(c)) add(`${f}.criteria[${i}]`, 'Listed twice');
        seen.add(c);
      });
    }

    const matrixIssues = validatePairwiseMatrix(basis.matrix, `${f}.matrix`);
    issues.push(...matrixIssues);
    if (matrixIssues.length === 0 && Array.isArray(criteria) && basis.matrix) {
      const n = (basis.matrix as unknown[]).length;
      if (n !== criteria.length)
        add(`${f}.matrix`, `Must be ${criteria.length}×${criteria.length}, one row per criterion`);
    }
    if (typeof basis.cr !== 'number' || !Number.isFinite(basis.cr)) add(`${f}.cr`, 'Must be a number');
    if (issues.length > before) continue;

    const keys = criteria as string[];
    const ahp = computeAhp(basis.matrix as number[][]);
    if (!ahp.consistent) {
      add(
        `${f}.matrix`,
        `Consistency ratio ${fmt(ahp.cr)} ≥ ${AHP_MAX_CR}: the matrix is not consistent enough`,
      );
      continue;
    }
    if (Math.abs((basis.cr as number) - ahp.cr) > AHP_CR_TOLERANCE) {
      add(`${f}.cr`, `Is not the matrix's consistency ratio (${fmt(ahp.cr)})`);
    }

    // the weights this basis explains
    const applied = group === 'total' ? totalWeights : isObject(weights) ? weights[group] : undefined;
    if (!isObject(applied)) continue; // the weights' own problems are reported by validateModel
    const weighted = Object.entries(applied)
      .filter(([, w]) => typeof w === 'number' && w > 0)
      .map(([k]) => k);
    const extra = weighted.filter((k) => !keys.includes(k));
    if (extra.length > 0) {
      add(
        f,
        `Weighted but not compared in the matrix: ${extra.join(', ')}; apply the wizard again or drop the basis`,
      );
      continue;
    }
    keys.forEach((k, i) => {
      const expected = ahp.weights[i] as number;
      const actual = applied[k];
      const value = typeof actual === 'number' ? actual : 0;
      if (Math.abs(value - expected) > AHP_WEIGHT_TOLERANCE) {
        add(
          f,
          `The weight of '${k}' is ${fmt(value)}, the matrix gives ${fmt(expected)}; apply the wizard again or drop the basis`,
        );
      }
    });
  }
  return issues;
}
