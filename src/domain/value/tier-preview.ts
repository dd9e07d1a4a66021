/**
 * What a set of cut points would do to the book (PRODUCT.md §2, "tier cut points"): how the latest
 * assessment totals are distributed, how many customers each class would hold under the cut points
 * being edited, beside how many hold it today, and how many would move up or down. Pure: the
 * caller passes each customer's latest total and current class.
 */
import type { TieringSettings } from './model.ts';
import { classesOf, tierFor } from './tiering.ts';

export type PreviewCustomer = {
  /** The latest assessment total (0–100). */
  total: number;
  /** The class the customer holds today under the scheme (1A–5A or A/B/C), null when unrated. */
  current: string | null;
};

export type TierPreview = {
  /** Customers with a total. */
  assessed: number;
  /** Totals in bins of `binWidth` points, [from, to) — the last bin also holds 100. */
  histogram: { from: number; to: number; count: number }[];
  /** Per class, highest first: customers under the cut points and holding it today. */
  classes: { cls: string; count: number; current: number }[];
  /** Against today's class: a higher class, a lower one, the same, or none today. */
  moves: { up: number; down: number; same: number; unrated: number };
};

type Cuts = Pick<TieringSettings, 'scheme' | 'method'> & { cuts: readonly number[] };

/**
 * @example previewTiers([{ total: 85, current: '4A' }], { scheme: 'telecom', method: 'threshold', cuts: [80, 65, 50, 35] })
 * // classes[0] = { cls: '5A', count: 1, current: 0 }, moves.up = 1
 */
export function previewTiers(
  customers: readonly PreviewCustomer[],
  tiering: Cuts,
  binWidth = 5,
): TierPreview {
  const classes = classesOf(tiering.scheme);
  const rank = new Map<string, number>(classes.map((c, i) => [c, i]));
  const counts = classes.map(() => 0);
  const current = classes.map(() => 0);
  const moves = { up: 0, down: 0, same: 0, unrated: 0 };
  const bins = Math.ceil(100 / binWidth);
  const histogram = Array.from({ length: bins }, (_, i) => ({
    from: i * binWidth,
    to: Math.min(100, (i + 1) * binWidth),
    count: 0,
  }));

  // quotas rank the population: the share that scored strictly higher
  const order = customers.map((_, i) => i).sort((a, b) => customers[b]!.total - customers[a]!.total);
  const n = customers.length;
  let higher = 0;
  for (let k = 0; k < n; k++) {
    const c = customers[order[k]!]!;
    if (k > 0 && c.total < customers[order[k - 1]!]!.total) higher = k;
    const indicated = tierFor(c.total, n === 0 ? 0 : higher / n, tiering);
    const cls = indicated?.tier ?? indicated?.groupClass ?? null;
    const to = cls === null ? undefined : rank.get(cls);
    if (to !== undefined) counts[to]! += 1;
    const from = c.current === null ? undefined : rank.get(c.current);
    if (from !== undefined) current[from]! += 1;
    if (from === undefined) moves.unrated += 1;
    else if (to === undefined || to === from) moves.same += 1;
    else if (to < from) moves.up += 1;
    else moves.down += 1;
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(c.total / binWidth)));
    histogram[bin]!.count += 1;
  }
  return {
    assessed: n,
    histogram,
    classes: classes.map((cls, i) => ({ cls, count: counts[i]!, current: current[i]! })),
    moves,
  };
}
