import { describe, expect, it } from 'vitest';
import { chooseVisitor, routeFollowUp } from './visitor.ts';

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

describe('who follows up a dissatisfied visit', () => {
  const people = [
    { id: 'k2', role: 'kam_manager', regionCode: 'GD' },
    { id: 'k1', role: 'kam_manager', regionCode: 'GD' },
    { id: 'kx', role: 'kam_manager', regionCode: 'GX' },
    { id: 'adm', role: 'admin', regionCode: null },
  ];

  it.each([
    [
      'the account manager when there is one',
      'am',
      people,
      'GD-SZ',
      { ownerId: 'am', notify: ['am'], routedTo: 'account_manager' },
    ],
    [
      'else the kam_managers of the nearest region up (first by id owns)',
      null,
      people,
      'GD-SZ',
      { ownerId: 'k1', notify: ['k1', 'k2'], routedTo: 'kam_manager' },
    ],
    [
      'of its own region first',
      null,
      people,
      'GX-NN',
      { ownerId: 'kx', notify: ['kx'], routedTo: 'kam_manager' },
    ],
    [
      'a national kam_manager when none is in the tree',
      null,
      [{ id: 'kn', role: 'kam_manager', regionCode: null }, ...people.slice(3)],
      'GD-SZ',
      { ownerId: 'kn', notify: ['kn'], routedTo: 'kam_manager' },
    ],
    [
      'else the admins',
      null,
      people.slice(3),
      'GD-SZ',
      { ownerId: 'adm', notify: ['adm'], routedTo: 'admin' },
    ],
    ['nobody at all', null, [], 'GD-SZ', null],
  ] as const)('%s', (_, am, list, region, expected) => {
    expect(routeFollowUp(am, list, region, REGIONS)).toEqual(expected);
  });
});
