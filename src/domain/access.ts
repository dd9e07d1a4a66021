/**
 * Roles and data scopes (PRODUCT.md "Who uses it"; confidentiality: every read is scoped by role
 * and region/portfolio). Pure: the caller passes the user and the region tree.
 */

export const ROLES = [
  'admin',
  'kam_manager',
  'account_manager',
  'frontdesk',
  'ops_engineer',
  'visit_agent',
  'analyst',
  'auditor',
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** What a user may read of customer-linked records. */
export type DataScope =
  | { kind: 'all' }
  | { kind: 'region'; regionCodes: string[] }
  | { kind: 'portfolio'; userId: string }
  | { kind: 'none' };

export type ScopedUser = { id: string; role: Role; regionCode: string | null };
export type RegionNode = { code: string; parentCode: string | null };

/**
 * A region and every region below it, however deep.
 *
 * @example
 * descendantRegions([{ code: 'GD', parentCode: null }, { code: 'GD-SZ', parentCode: 'GD' }], 'GD')
 * // → ['GD', 'GD-SZ']
 */
export function descendantRegions(regions: readonly RegionNode[], code: string): string[] {
  const children = new Map<string, string[]>();
  for (const r of regions) {
    if (r.parentCode === null) continue;
    const list = children.get(r.parentCode) ?? [];
    list.push(r.code);
    children.set(r.parentCode, list);
  }
  const out: string[] = [];
  const seen = new Set<string>();
  const stack = [code];
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (seen.has(c)) continue; // a cycle in bad data must not loop forever
    seen.add(c);
    out.push(c);
    stack.push(...(children.get(c) ?? []));
  }
  return out;
}

/**
 * The data scope of a user: admin, analyst and auditor read everything; a `kam_manager` its
 * region and below; an account manager only its own portfolio; front desk, ops and visit agents
 * their region when they have one (else everything, as the one-stop desk must find any customer).
 *
 * @example
 * computeDataScope({ id: 'u1', role: 'account_manager', regionCode: 'GD-SZ' }, [])
 * // → { kind: 'portfolio', userId: 'u1' }
 */
export function computeDataScope(user: ScopedUser, regions: readonly RegionNode[]): DataScope {
  switch (user.role) {
    case 'admin':
    case 'analyst':
    case 'auditor':
      return { kind: 'all' };
    case 'account_manager':
      return { kind: 'portfolio', userId: user.id };
    case 'kam_manager':
      return user.regionCode
        ? { kind: 'region', regionCodes: descendantRegions(regions, user.regionCode) }
        : { kind: 'none' };
    case 'frontdesk':
    case 'ops_engineer':
    case 'visit_agent':
      return user.regionCode
        ? { kind: 'region', regionCodes: descendantRegions(regions, user.regionCode) }
        : { kind: 'all' };
  }
}

/**
 * Whether a record owned by `accountManagerId` in `regionCode` is visible under `scope`.
 *
 * @example
 * isInScope({ kind: 'region', regionCodes: ['GD'] }, { accountManagerId: null, regionCode: 'GD' }) // → true
 */
export function isInScope(
  scope: DataScope,
  record: { accountManagerId: string | null; regionCode: string | null },
): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'portfolio':
      return record.accountManagerId === scope.userId;
    case 'region':
      return record.regionCode !== null && scope.regionCodes.includes(record.regionCode);
  }
}
