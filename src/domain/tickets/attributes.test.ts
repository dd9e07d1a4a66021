import { describe, expect, it } from 'vitest';
import { planAttributeChange } from './attributes.ts';

const ticket = {
  status: 'inProgress' as const,
  tier: '4A',
  name: '专线中断',
  description: '客户来电',
  severity: 'minor' as const,
  priority: 3,
  requestedResolutionDate: null,
};

describe('an attribute change', () => {
  it('keeps only what differs, and recomputes nothing without a new severity', () => {
    expect(planAttributeChange(ticket, { name: '专线中断', description: '补充说明', priority: 3 })).toEqual({
      before: { description: '客户来电' },
      after: { description: '补充说明' },
      recomputeLimits: false,
    });
  });

  it.each([
    ['4A', 'critical', 0],
    ['2A', 'critical', 1],
    [null, 'major', 2],
  ] as const)('a %s ticket made %s gets the default priority %d and new limits', (tier, severity, p) => {
    expect(planAttributeChange({ ...ticket, tier }, { severity })).toEqual({
      before: { severity: 'minor', priority: ticket.priority },
      after: { severity, priority: p },
      recomputeLimits: true,
    });
  });

  it('a priority given with the severity wins over the default', () => {
    expect(planAttributeChange(ticket, { severity: 'critical', priority: 2 }).after).toEqual({
      severity: 'critical',
      priority: 2,
    });
  });

  it('a priority that already is the default is no change', () => {
    expect(planAttributeChange({ ...ticket, priority: 0 }, { severity: 'critical' }).after).toEqual({
      severity: 'critical',
    });
  });

  it.each(['resolved', 'closed', 'cancelled', 'rejected'] as const)(
    'refuses a new severity on a %s ticket (409 naming severity), not other attributes',
    (status) => {
      expect(() => planAttributeChange({ ...ticket, status }, { severity: 'critical' })).toThrow(
        expect.objectContaining({
          code: 'ILLEGAL_TRANSITION',
          errors: [expect.objectContaining({ field: 'severity' })],
        }),
      );
      expect(planAttributeChange({ ...ticket, status }, { priority: 1 }).recomputeLimits).toBe(false);
    },
  );
});
