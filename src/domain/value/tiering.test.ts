import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from './model.ts';
import { proposeTier, tierFor } from './tiering.ts';

const threshold = DEFAULT_MODEL.tiering;
const quota = { scheme: 'telecom', method: 'quota', cuts: [0.02, 0.1, 0.25, 0.5] } as const;
const mobile = { scheme: 'mobile', method: 'threshold', cuts: [75, 50] } as const;

describe('tierFor (thresholds 5A ≥ 80, 4A ≥ 65, 3A ≥ 50, 2A ≥ 35, else 1A)', () => {
  it.each([
    [100, '5A'],
    [80, '5A'],
    [79.99, '4A'],
    [65, '4A'],
    [50, '3A'],
    [35, '2A'],
    [34.9, '1A'],
    [0, '1A'],
  ])('%d → %s', (total, tier) => {
    expect(tierFor(total, 0.5, threshold)?.tier).toBe(tier);
  });

  it('gives stars and a Chinese reason', () => {
    expect(tierFor(82.4, 0, threshold)).toEqual({
      tier: '5A',
      groupClass: null,
      stars: 5,
      reason: '评估总分 82.4 ≥ 5A 切分点 80',
    });
    expect(tierFor(20, 0, threshold)?.reason).toBe('评估总分 20 < 2A 切分点 35');
  });

  it('null total → null', () => {
    expect(tierFor(null, 0, threshold)).toBeNull();
  });
});

describe('tierFor by quota (top 2 % 5A, next 8 % 4A, …)', () => {
  it.each([
    [0, '5A'],
    [0.0199, '5A'],
    [0.02, '4A'],
    [0.09, '4A'],
    [0.1, '3A'],
    [0.3, '2A'],
    [0.5, '1A'],
    [0.99, '1A'],
  ])('rank fraction %d → %s', (rank, tier) => {
    expect(tierFor(60, rank, quota)?.tier).toBe(tier);
  });

  it('explains the quota', () => {
    expect(tierFor(91, 0.01, quota)?.reason).toBe('评估总分 91,排名前 1% < 5A 配额前 2%');
  });
});

describe('tierFor on the mobile scheme (A/B/C)', () => {
  it.each([
    [90, 'A'],
    [60, 'B'],
    [10, 'C'],
  ])('%d → %s', (total, cls) => {
    const r = tierFor(total, 0, mobile);
    expect(r?.groupClass).toBe(cls);
    expect(r?.tier).toBeNull();
    expect(r?.stars).toBeNull();
  });
});

describe('proposeTier (downgrade grace period, default one run)', () => {
  it('no tier yet → initial', () => {
    expect(proposeTier(null, '3A', [], 1)).toEqual({
      kind: 'initial',
      toTier: '3A',
      toStars: 3,
      toGroupClass: null,
      reason: '首次定级为 3A',
    });
  });

  it('equal → null; nothing indicated → null', () => {
    expect(proposeTier('3A', '3A', [], 1)).toBeNull();
    expect(proposeTier('3A', null, [], 1)).toBeNull();
  });

  it('upgrade at once', () => {
    const p = proposeTier('3A', '5A', [], 1);
    expect(p?.kind).toBe('upgrade');
    expect(p?.toTier).toBe('5A');
    expect(p?.toStars).toBe(5);
  });

  it('a first lower assessment does not propose a downgrade', () => {
    expect(proposeTier('4A', '3A', [], 1)).toBeNull();
    expect(proposeTier('4A', '3A', ['4A'], 1)).toBeNull();
    expect(proposeTier('4A', '3A', [null], 1)).toBeNull();
  });

  it('a confirmed downgrade proposes the newest indicated tier', () => {
    const p = proposeTier('4A', '2A', ['3A'], 1);
    expect(p?.kind).toBe('downgrade');
    expect(p?.toTier).toBe('2A');
    expect(p?.reason).toBe('降级: 4A → 2A(2 个月份的评估均低于 4A)');
  });

  it('only the newest graceRuns periods count', () => {
    expect(proposeTier('4A', '3A', ['3A', '4A'], 1)?.kind).toBe('downgrade');
    expect(proposeTier('4A', '3A', ['3A', '4A'], 2)).toBeNull();
    expect(proposeTier('4A', '3A', ['3A', '2A'], 2)?.kind).toBe('downgrade');
    expect(proposeTier('4A', '3A', ['3A'], 2)).toBeNull();
  });

  it('graceRuns 0 downgrades at once', () => {
    expect(proposeTier('4A', '3A', [], 0)?.kind).toBe('downgrade');
  });

  it('works with group classes', () => {
    expect(proposeTier('B', 'A', [], 1)).toMatchObject({ kind: 'upgrade', toGroupClass: 'A', toTier: null });
    expect(proposeTier('A', 'C', ['B'], 1)).toMatchObject({ kind: 'downgrade', toGroupClass: 'C' });
    expect(proposeTier('A', 'C', [], 1)).toBeNull();
  });

  it('a scheme change gives an initial class under the new scheme', () => {
    expect(proposeTier('4A', 'B', [], 1)?.kind).toBe('initial');
  });
});
