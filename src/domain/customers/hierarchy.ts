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
  /** Null for a customer the caller may not read: its id would identify it. */
  id: string | null;
  code: string | null;
  name: string | null;
  tier: string | null;
  isHeadquarters: boolean;
  visible: boolean;
  /**
   * How many customers the caller may not read this node stands for: 0 for a visible node, 1 for
   * a hidden one kept because visible members sit below it, n for the hidden members of one
   * parent (with all of their own members) folded into a single node.
   */
  hiddenCount: number;
  children: HierarchyNode[];
};

/** The first name the caller may read in a subtree (depth first), '' when none. */
function firstVisibleName(node: HierarchyNode): string {
  if (node.visible && node.name) return node.name;
  for (const child of node.children) {
    const name = firstVisibleName(child);
    if (name) return name;
  }
  return '';
}

/**
 * The tree under `rootId` from a flat list of rows (any order). A customer the caller may not
 * read is never identified (no id, code, name, tier or headquarters flag): when a visible member
 * sits below it, it keeps its place as an anonymous node so the shape is true; otherwise it and
 * its hidden siblings (with everything below them) fold into one counted node after the visible
 * children. Visible children come headquarters first, then by name; a row reached twice is
 * shown once.
 *
 * @example
 * buildHierarchy([{ id: 'g', parentId: null, code: 'G', name: '集团', tier: null, isHeadquarters: true, visible: true },
 *                 { id: 'm', parentId: 'g', code: 'M', name: '成员', tier: null, isHeadquarters: false, visible: false }], 'g')
 * // → { id: 'g', code: 'G', name: '集团', …, children: [{ id: null, code: null, visible: false, hiddenCount: 1, children: [] }] }
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
  const anonymous = (hiddenCount: number, kids: HierarchyNode[]): HierarchyNode => ({
    id: null,
    code: null,
    name: null,
    tier: null,
    isHeadquarters: false,
    visible: false,
    hiddenCount,
    children: kids,
  });
  const build = (row: HierarchyRow): HierarchyNode => {
    seen.add(row.id);
    const kids = (children.get(row.id) ?? [])
      .filter((c) => !seen.has(c.id))
      .sort(
        (a, b) =>
          Number(b.isHeadquarters) - Number(a.isHeadquarters) ||
          (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
      );
    const built = kids.map(build);
    const shown = built.filter((c) => c.visible || c.children.length > 0);
    // hidden members with nothing visible below: counted, not identified
    const folded = built
      .filter((c) => !c.visible && c.children.length === 0)
      .reduce((n, c) => n + c.hiddenCount, 0);
    // anonymous path nodes are ordered by what the caller can see below them, never by their own
    // (hidden) names: the order must not reveal anything either
    const hiddenPaths = shown
      .filter((c) => !c.visible)
      .map((c) => ({ node: c, key: firstVisibleName(c) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((x) => x.node);
    const list = [...shown.filter((c) => c.visible), ...hiddenPaths];
    if (folded > 0) list.push(anonymous(folded, []));
    if (!row.visible) {
      // nothing visible below: the whole subtree is one count (its parent folds it in)
      if (list.every((c) => !c.visible && c.children.length === 0)) {
        return anonymous(1 + list.reduce((n, c) => n + c.hiddenCount, 0), []);
      }
      return anonymous(1, list);
    }
    return {
      id: row.id,
      code: row.code,
      name: row.name,
      tier: row.tier,
      isHeadquarters: row.isHeadquarters,
      visible: true,
      hiddenCount: 0,
      children: list,
    };
  };
  const root = byId.get(rootId);
  return root ? build(root) : null;
}
