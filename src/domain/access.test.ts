import { describe, expect, it } from 'vitest';
import { computeDataScope, type DataScope, descendantRegions, isInScope, type ScopedUser } from './access.ts';

const regions = [
  { code: 'GD', parentCode: null },
  { code: 'GD-GZ', parentCode: 'GD' },
  { code: 'GD-SZ', parentCode: 'GD' },
  { code: 'GD-SZ-NS', parentCode: 'GD-SZ' },
  { code: 'GX', parentCode: null },
];

describe('descendantRegions', () => {
  it('walks the tree to any depth', () => {
    expect(descendantRegions(regions, 'GD').sort()).toEqual(['GD', 'GD-GZ', 'GD-SZ', 'GD-SZ-NS']);
    expect(descendantRegions(regions, 'GD-SZ').sort()).toEqual(['GD-SZ', 'GD-SZ-NS']);
  });
  it('survives a cycle in bad data', () => {
    const cyclic = [
      { code: 'A', parentCode: 'B' },
      { code: 'B', parentCode: 'A' },
    ];
    expect(descendantRegions(cyclic, 'A').sort()).toEqual(['A', 'B']);
  });
});

describe('computeDataScope', () => {
  const user = (role: ScopedUser['role'], regionCode: string | null = 'GD'): ScopedUser => ({
    id: 'u1',
    role,
    regionCode,
  });
  it.each([
    ['admin', { kind: 'all' }],
    ['analyst', { kind: 'all' }],
    ['auditor', { kind: 'all' }],
    ['account_manager', { kind: 'portfolio', userId: 'u1' }],
  ] as const)('%s → %j', (role, expected) => {
    expect(computeDataScope(user(role), regions)).toEqual(expected);
  });
  it('kam_manager sees its region and below, nothing without a region', () => {
    const scope = computeDataScope(user('kam_manager', 'GD-SZ'), regions);
    expect(scope).toEqual({ kind: 'region', regionCodes: expect.arrayContaining(['GD-SZ', 'GD-SZ-NS']) });
    expect(computeDataScope(user('kam_manager', null), regions)).toEqual({ kind: 'none' });
  });
  it('front desk without region sees all, with a region only that region', () => {
    expect(computeDataScope(user('frontdesk', null), regions)).toEqual({ kind: 'all' });
    expect(computeDataScope(user('frontdesk', 'GX'), regions)).toEqual({
      kind: 'region',
      regionCodes: ['GX'],
    });
  });
});

describe('isInScope', () => {
  const rec = { accountManagerId: 'u1', regionCode: 'GD-SZ' };
  it.each([
    [{ kind: 'all' } as const, true],
    [{ kind: 'none' } as const, false],
    [{ kind: 'portfolio', userId: 'u1' } as const, true],
    [{ kind: 'portfolio', userId: 'u2' } as const, false],
    [{ kind: 'region', regionCodes: ['GD-SZ'] } as const, true],
    [{ kind: 'region', regionCodes: ['GD-GZ'] } as const, false],
  ] as [DataScope, boolean][])('%j → %s', (scope, expected) => {
    expect(isInScope(scope, rec)).toBe(expected);
  });
});
