import { describe, expect, it } from 'vitest';
import { chooseVisitor } from './visitor.ts';

const REGIONS = [
  { code: 'GD', parentCode: null },
  { code: 'GD-SZ', parentCode: 'GD' },
  { code: 'GD-GZ', parentCode: 'GD' },
  { code: 'GX', parentCode: null },
  { code: 'GX-NN', parentCode: 'GX' },
];

describe('the customer visitor', () => {
  const agents = [
    { id: 'b', regionCode: 'GD', openVisits: 2 },
    { id: 'a', regionCode: 'GD', openVisits: 2 },
    { id: 'c', regionCode: 'GD', openVisits: 5 },
    { id: 'sz', regionCode: 'GD-SZ', openVisits: 9 },
  ];

  it('an assigned visitor wins while it is an active visit agent', () => {
    expect(chooseVisitor('c', agents, 'GD-SZ', REGIONS)).toBe('c');
  });

  it('an assigned visitor no longer among the candidates (deactivated) is replaced by the same rule', () => {
    expect(chooseVisitor('x', agents, 'GD-SZ', REGIONS)).toBe('sz');
    expect(chooseVisitor('x', agents, 'GD-GZ', REGIONS)).toBe('a');
    expect(chooseVisitor('x', [], 'GD-GZ', REGIONS)).toBeNull();
  });

  it('the agent of the customer region, however busy', () => {
    expect(chooseVisitor(null, agents, 'GD-SZ', REGIONS)).toBe('sz');
  });

  it('else the nearest region above, fewest open visits, ties by id', () => {
    expect(chooseVisitor(null, agents, 'GD-GZ', REGIONS)).toBe('a');
    expect(
      chooseVisitor(null, [{ id: 'b', regionCode: 'GD', openVisits: 1 }, ...agents], 'GD-GZ', REGIONS),
    ).toBe('b');
  });

  it('else a national agent, else any agent, else none', () => {
    expect(
      chooseVisitor(null, [...agents, { id: 'n', regionCode: null, openVisits: 7 }], 'GX-NN', REGIONS),
    ).toBe('n');
    expect(chooseVisitor(null, agents, 'GX-NN', REGIONS)).toBe('a');
    expect(chooseVisitor(null, [], 'GX-NN', REGIONS)).toBeNull();
  });

  it('stops on a cycle in the region data', () => {
    const cyclic = [
      { code: 'X', parentCode: 'Y' },
      { code: 'Y', parentCode: 'X' },
    ];
    expect(chooseVisitor(null, [{ id: 'z', regionCode: 'Q', openVisits: 0 }], 'X', cyclic)).toBe('z');
  });
});
