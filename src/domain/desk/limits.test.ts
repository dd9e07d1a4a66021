import { describe, expect, it } from 'vitest';
import type { SlaDefinition } from './config.ts';
import { DEFAULT_DESK_CONFIG } from './defaults.ts';
import { computeLimit, levelOfTier } from './limits.ts';

const def = (code: string): SlaDefinition => DEFAULT_DESK_CONFIG.definitions.find((d) => d.code === code)!;
const restore = def('customer_restore');
const sixHours = {
  level: 'basic' as const,
  responseTime: { kind: 'hours' as const, hours: 6, clock: '24x7' as const },
  wording: '不超过6小时',
};

describe('computeLimit — from the entitlement', () => {
  it.each([
    ['critical', 180],
    ['major', 360],
    ['minor', 720],
  ] as const)('circuit_fault 6 h on 7×24, %s → %i min', (severity, minutes) => {
    const r = computeLimit(restore, { level: '4A', severity, entitlement: sixHours });
    expect(r.minutes).toBe(minutes);
    expect(r.clock).toBe('24x7');
  });

  it('explains the limit: item, level, severity, factor, wording', () => {
    expect(
      computeLimit(restore, { level: '4A', severity: 'critical', entitlement: sixHours }).explanation,
    ).toEqual({
      kind: 'entitlement',
      itemCode: 'circuit_fault',
      level: 'basic',
      severity: 'critical',
      factor: 0.5,
      wording: '不超过6小时',
      baseMinutes: 360,
    });
  });

  it('days are 1440 min on 7×24; workdays are 450 business minutes each; business hours keep their clock', () => {
    const d = { ...restore, severityFactor: {} };
    const days = computeLimit(d, {
      level: 'basic',
      severity: 'major',
      entitlement: { level: 'basic', responseTime: { kind: 'days', days: 1 }, wording: null },
    });
    expect([days.minutes, days.clock]).toEqual([1440, '24x7']);
    const wd = computeLimit(d, {
      level: 'basic',
      severity: 'major',
      entitlement: { level: 'basic', responseTime: { kind: 'workdays', days: 2 }, wording: '2个工作日' },
    });
    expect([wd.minutes, wd.clock]).toEqual([900, 'business']);
    const bh = computeLimit(d, {
      level: '5A',
      severity: 'major',
      entitlement: {
        level: '5A',
        responseTime: { kind: 'hours', hours: 2, clock: 'business' },
        wording: null,
      },
    });
    expect([bh.minutes, bh.clock]).toEqual([120, 'business']);
  });

  it('on_demand / as_agreed / not provided → the fallback minutes on the definition clock', () => {
    const r = computeLimit(restore, {
      level: '3A',
      severity: 'major',
      entitlement: { level: '3A', responseTime: { kind: 'on_demand' }, wording: '按需' },
    });
    expect(r).toMatchObject({
      minutes: 360,
      clock: '24x7',
      explanation: { fallback: true, wording: '按需' },
    });
    expect(computeLimit(restore, { level: '3A', severity: 'minor', entitlement: null }).minutes).toBe(720);
  });

  it('rounds up after the factor', () => {
    const d: SlaDefinition = {
      ...restore,
      limit: { kind: 'entitlement', itemCode: 'x', fallbackMinutes: 7 },
      severityFactor: { minor: 1.5 },
    };
    expect(computeLimit(d, { level: 'basic', severity: 'minor' }).minutes).toBe(11);
  });
});

describe('computeLimit — by level', () => {
  it.each([
    ['ola_ops', '4A', 90, '4A'],
    ['ola_ops', '2A', 180, '2A'],
    ['ola_ops', 'C', 180, 'C'],
    ['ola_ops', 'basic', 240, 'basic'],
    ['ola_frontdesk', '2A', 30, 'basic'],
    ['ola_frontdesk', 'A', 15, 'A'],
    ['customer_inquiry', 'B', 240, 'B'],
  ] as const)('%s for %s → %i min (level used %s)', (code, level, minutes, used) => {
    const r = computeLimit(def(code), { level, severity: 'major' });
    expect(r.minutes).toBe(minutes);
    expect(r.explanation).toMatchObject({ kind: 'byLevel', level: used, factor: 1 });
    expect(r.clock).toBe(def(code).clock);
  });
});

describe('levelOfTier', () => {
  it('keeps tiers and group classes, else basic', () => {
    expect([levelOfTier('5A'), levelOfTier('B'), levelOfTier(null), levelOfTier('none')]).toEqual([
      '5A',
      'B',
      'basic',
      'basic',
    ]);
  });
});
