/**
 * The group hierarchy (集团 → 成员单位, PRODUCT.md §1): any depth, never a cycle. Pure: the
 * caller loads the ancestor chain or the rows of one group's tree and passes them in.
 */

/**
 * Whether making `parentId` the parent of `customerId` would close a cycle. `parentChain` is the
 * new parent's chain of ancestors, starting with the parent itself and going up to its root.
 *
 * @example
 * wouldCreateCycle('a', 'c', ['c', 'b', 'a']) // → true  (a → b → c → a)
 * wouldCreateCycle('a', 'x', ['x', 'y'])      // → false
 */
export function wouldCreateCycle(
  customerId: string,
  parentId: string | null,
  parentChain: readonly string[],
): boolean {
  if (parentId === null) return false;
  if (parentId === customerId) return true;
  return parentChain.includes(customerId);
}

export type HierarchyRow = {
  id: string;
  parentId: string | null;
  code: string;
  name: string;
  tier: string | null;
  isHeadquarters: boolean;
  /** Whether the caller may read this customer. */
  visible: boolean;
};

export type HierarchyNode = {
  id: string;
  code: string | null;
  name: string | null;
  tier: string | null;
  isHeadquarters: boolean;
  visible: boolean;
  children: HierarchyNode[];
};

/**
 * The tree under `rootId` from a flat list of rows (any order). Customers the caller may not
 * read keep their place in the tree (so the shape is true) but show no code, name or tier.
 * Children are ordered headquarters first, then by name; a row reached twice is shown once.
 *
 * @example
 * buildHierarchy([{ id: 'g', parentId: null, code: 'G', name: '集团', tier: null, isHeadquarters: true, visible: true },
 *                 { id: 'm', parentId: 'g', code: 'M', name: '成员', tier: null, isHeadquarters: false, visible: false }], 'g')
 * // → { id: 'g', code: 'G', name: '集团', …, children: [{ id: 'm', code: null, name: null, visible: false, children: [] }] }
 */
export function buildHierarchy(rows: readonly HierarchyRow[], rootId: string): HierarchyNode | null {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const children = new Map<string, HierarchyRow[]>();
  for (const r of rows) {
    if (r.parentId === null || r.id === rootId) continue;
    const list = children.get(r.parentId) ?? [];
    list.push(r);
    children.set(r.parentId, list);
  }
  const seen = new Set<string>();
  const build = (row: HierarchyRow): HierarchyNode => {
    seen.add(row.id);
    const kids = (children.get(row.id) ?? [])
      .filter((c) => !seen.has(c.id))
      .sort(
        (a, b) =>
          Number(b.isHeadquarters) - Number(a.isHeadquarters) ||
          (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
      );
    return {
      id: row.id,
      code: row.visible ? row.code : null,
      name: row.visible ? row.name : null,
      tier: row.visible ? row.tier : null,
      isHeadquarters: row.isHeadquarters,
      visible: row.visible,
      children: kids.map(build),
    };
  };
  const root = byId.get(rootId);
  return root ? build(root) : null;
}
