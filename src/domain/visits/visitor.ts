/**
 * The one visitor of a customer (统一回访接口人, PRODUCT.md §7): every return visit of a customer
 * goes to the same visit agent. Pure: the candidates and their open visits are passed in.
 */
import type { RegionNode } from '../access.ts';

export type VisitorCandidate = { id: string; regionCode: string | null; openVisits: number };

const fewestOpen = (list: readonly VisitorCandidate[]): VisitorCandidate | null =>
  [...list].sort((a, b) => a.openVisits - b.openVisits || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0] ??
  null;

/**
 * The visitor of a customer: the one already assigned wins while it is still a candidate (an
 * active visit agent); otherwise — no visitor yet, or one deactivated or no longer a visit agent —
 * the visit agent of the customer's region, or of the nearest region above it, with the fewest
 * open visits (ties by id); then an agent without a region (national); then any agent. Null when
 * there is none.
 *
 * @example
 * chooseVisitor(null, [{ id: 'a', regionCode: 'GD', openVisits: 3 }, { id: 'b', regionCode: 'GD', openVisits: 1 }],
 *   'GD-SZ', [{ code: 'GD', parentCode: null }, { code: 'GD-SZ', parentCode: 'GD' }]); // 'b'
 */
export function chooseVisitor(
  assigned: string | null,
  candidates: readonly VisitorCandidate[],
  customerRegion: string,
  regions: readonly RegionNode[],
): string | null {
  if (assigned && candidates.some((c) => c.id === assigned)) return assigned;
  const parentOf = new Map(regions.map((r) => [r.code, r.parentCode]));
  const seen = new Set<string>();
  for (
    let code: string | null = customerRegion;
    code !== null && !seen.has(code);
    code = parentOf.get(code) ?? null
  ) {
    seen.add(code);
    const here = fewestOpen(candidates.filter((c) => c.regionCode === code));
    if (here) return here.id;
  }
  return (fewestOpen(candidates.filter((c) => c.regionCode === null)) ?? fewestOpen(candidates))?.id ?? null;
}
