import { describe, expect, it } from 'vitest';
import { buildHierarchy, type HierarchyRow, wouldCreateCycle } from './hierarchy.ts';

describe('wouldCreateCycle', () => {
  it.each([
    ['a', null, [], false],
    ['a', 'a', ['a'], true], // its own parent
    ['a', 'b', ['b', 'a'], true], // a → b → a
    ['a', 'd', ['d', 'c', 'b', 'a'], true], // deep: a → d → c → b → a
    ['a', 'x', ['x', 'y', 'z'], false],
    ['a', 'x', ['x'], false],
  ] as const)('%s under %s with chain %j → %s', (id, parent, chain, expected) => {
    expect(wouldCreateCycle(id, parent, chain)).toBe(expected);
  });
});

const row = (id: string, parentId: string | null, over: Partial<HierarchyRow> = {}): HierarchyRow => ({
  id,
  parentId,
  code: id.toUpperCase(),
  name: `name-${id}`,
  tier: null,
  isHeadquarters: false,
  visible: true,
  ...over,
});

describe('buildHierarchy', () => {
  it('builds any depth, headquarters first then by name', () => {
    const tree = buildHierarchy(
      [
        row('m2', 'g', { name: 'b' }),
        row('g', null, { tier: '5A' }),
        row('m1', 'g', { name: 'c', isHeadquarters: true }),
        row('m3', 'g', { name: 'a' }),
        row('s1', 'm3'),
        row('ss1', 's1'),
      ],
      'g',
    );
    expect(tree?.tier).toBe('5A');
    expect(tree?.children.map((c) => c.id)).toEqual(['m1', 'm3', 'm2']);
    expect(tree?.children[1]?.children[0]?.children[0]?.id).toBe('ss1');
  });

  it('never identifies what the caller may not read: no id, code, name, tier', () => {
    const tree = buildHierarchy([row('g', null), row('m', 'g', { visible: false, tier: '3A' })], 'g');
    expect(tree?.children[0]).toEqual({
      id: null,
      code: null,
      name: null,
      tier: null,
      isHeadquarters: false,
      visible: false,
      hiddenCount: 1,
      children: [],
    });
    expect(JSON.stringify(tree)).not.toContain('"m"');
  });

  it('keeps a hidden node above a visible one, folds hidden leaves and subtrees into a count', () => {
    const tree = buildHierarchy(
      [
        row('g', null, { visible: false, isHeadquarters: true }),
        row('h1', 'g', { visible: false, name: 'a' }),
        row('h1a', 'h1', { visible: false }),
        row('h1b', 'h1', { visible: false }),
        row('h2', 'g', { visible: false, name: 'b' }),
        row('p', 'g', { visible: false, name: 'c' }),
        row('mine', 'p'),
        row('other', 'p', { visible: false }),
        row('seen', 'g', { name: 'z' }),
      ],
      'g',
    );
    expect(tree).toMatchObject({ id: null, visible: false, hiddenCount: 1, isHeadquarters: false });
    // visible first, then the hidden parent of a visible one, then one node for h1 (+2) and h2
    expect(tree?.children.map((c) => [c.id, c.hiddenCount])).toEqual([
      ['seen', 0],
      [null, 1],
      [null, 4],
    ]);
    expect(tree?.children[1]?.children.map((c) => [c.id, c.hiddenCount])).toEqual([
      ['mine', 0],
      [null, 1],
    ]);
    for (const id of ['"g"', '"h1"', '"h1a"', '"h2"', '"p"', '"other"']) {
      expect(JSON.stringify(tree)).not.toContain(id);
    }
  });

  it('orders hidden path nodes by what is visible below them, not by their hidden names', () => {
    const tree = buildHierarchy(
      [
        row('g', null),
        row('h1', 'g', { name: 'A-hidden', visible: false }),
        row('h2', 'g', { name: 'Z-hidden', visible: false }),
        row('v1', 'h1', { name: 'z-visible' }),
        row('v2', 'h2', { name: 'a-visible' }),
      ],
      'g',
    );
    const below = tree!.children.map((c) => c.children[0]!.name);
    expect(below).toEqual(['a-visible', 'z-visible']);
  });

  it('does not loop on a cycle in bad data and answers null for an unknown root', () => {
    const tree = buildHierarchy([row('a', 'b'), row('b', 'a')], 'a');
    expect(tree?.children.map((c) => c.id)).toEqual(['b']);
    expect(tree?.children[0]?.children).toEqual([]);
    expect(buildHierarchy([row('a', null)], 'zz')).toBeNull();
  });
});
