/**
 * The one visitor of a customer (统一回访接口人, PRODUCT.md §7): every return visit of a customer
 * goes to the same visit agent. Pure: the candidates and their open visits are passed in.
 */
import type { RegionNode } from '../access.ts';

export type VisitorCandidate = { id: string; regionCode: string | null; openVisits: number };

const fewestOpen = (list: readonly VisitorCandidate[]): VisitorCandidate | null =>
  [...list].sort((a, b) => a.openVisits - b.openVisits || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0] ??
  null;

/** A region, then its parent, up to the top (a cycle in the data stops the walk). */
function regionAndAbove(region: string, regions: readonly RegionNode[]): string[] {
  const parentOf = new Map(regions.map((r) => [r.code, r.parentCode]));
  const walk: string[] = [];
  for (
    let code: string | null = region;
    code !== null && !walk.includes(code);
    code = parentOf.get(code) ?? null
  )
    walk.push(code);
  return walk;
}

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
  for (const code of regionAndAbove(customerRegion, regions)) {
    const here = fewestOpen(candidates.filter((c) => c.regionCode === code));
    if (here) return here.id;
  }
  return (fewestOpen(candidates.filter((c) => c.regionCode === null)) ?? fewestOpen(candidates))?.id ?? null;
}

export type FollowUpPerson = { id: string; role: string; regionCode: string | null };

export type FollowUpRouting = {
  /** Owns the follow-up task. */
  ownerId: string;
  /** Notified (the owner first). */
  notify: string[];
  /** Why them: the account manager, else the kam_manager(s) of the region, else the admins. */
  routedTo: 'account_manager' | 'kam_manager' | 'admin';
};

/**
 * Who follows up a dissatisfied return visit (PRODUCT.md §7: "dissatisfied … opens a task for the
 * account manager"): the customer's account manager; a customer without one goes to the
 * kam_manager(s) of its region or the nearest region above (the first by id owns the task, all are
 * told), then to a kam_manager without a region, and failing those to the admins — never to nobody.
 * Null only when there is no active admin either. `people`: the active kam_managers and admins.
 *
 * @example
 * routeFollowUp(null, [{ id: 'k', role: 'kam_manager', regionCode: 'GD' }], 'GD-SZ',
 *   [{ code: 'GD', parentCode: null }, { code: 'GD-SZ', parentCode: 'GD' }]);
 * // { ownerId: 'k', notify: ['k'], routedTo: 'kam_manager' }
 */
export function routeFollowUp(
  accountManagerId: string | null,
  people: readonly FollowUpPerson[],
  customerRegion: string,
  regions: readonly RegionNode[],
): FollowUpRouting | null {
  if (accountManagerId)
    return { ownerId: accountManagerId, notify: [accountManagerId], routedTo: 'account_manager' };
  const byId = (list: readonly FollowUpPerson[]) => list.map((p) => p.id).sort();
  const kams = people.filter((p) => p.role === 'kam_manager');
  for (const code of regionAndAbove(customerRegion, regions)) {
    const here = byId(kams.filter((k) => k.regionCode === code));
    if (here.length > 0) return { ownerId: here[0]!, notify: here, routedTo: 'kam_manager' };
  }
  const national = byId(kams.filter((k) => k.regionCode === null));
  if (national.length > 0) return { ownerId: national[0]!, notify: national, routedTo: 'kam_manager' };
  const admins = byId(people.filter((p) => p.role === 'admin'));
  return admins.length > 0 ? { ownerId: admins[0]!, notify: admins, routedTo: 'admin' } : null;
}
