/**
 * Demo billing totals of the two mass-market segments (loss equivalence, PRODUCT.md §2): the 24
 * months the demo customers are billed for, about 1.2 million commercial customers at some 640
 * yuan a month and 9 million public customers at some 150 yuan (the seed's 79 / 338 ratios
 * against a 50,700-yuan key account), with the same Spring Festival dip and December peak.
 * Deterministic without drawing from the shared random stream (so other generators' data stays
 * the same) and idempotent (rows upserted by segment and month).
 */
import { shanghaiDateOf } from '../../domain/calendar/dates.ts';
import type { SegmentBillingMonth } from '../../domain/tiers/loss-equivalence.ts';
import { upsertSegmentBilling } from '../tiers/loss-equivalence.repo.ts';
import { monthStart } from '../tiers/tiers.service.ts';
import type { DemoGenerator } from './demo.service.ts';

/** Relative monthly revenue per customer by calendar month. */
const SEASON = [1.0, 0.9, 0.98, 1.0, 1.0, 1.01, 1.0, 0.99, 1.01, 0.98, 1.02, 1.06];

/** Segment billing months ending with the month before `today` (the demo billing's last month). */
export function demoSegmentBilling(today: string, months = 24): SegmentBillingMonth[] {
  const rows: SegmentBillingMonth[] = [];
  for (let k = months; k >= 1; k--) {
    const month = monthStart(today, -k);
    const season = SEASON[Number(month.slice(5, 7)) - 1] ?? 1;
    const age = months - k; // 0 for the oldest month
    const commercialCustomers = 1_180_000 + age * 1_500;
    const publicCustomers = 9_050_000 - age * 4_000;
    // commercial revenue per customer grows ~2 % a year, public shrinks ~1 %
    const commercialFen = Math.round(63_200 * season * (1 + 0.0017 * age));
    const publicFen = Math.round(15_100 * season * (1 - 0.0008 * age));
    rows.push(
      {
        segment: 'commercial',
        month,
        revenueFen: commercialCustomers * commercialFen,
        billedCustomers: commercialCustomers,
      },
      { segment: 'public', month, revenueFen: publicCustomers * publicFen, billedCustomers: publicCustomers },
    );
  }
  return rows;
}

export const segmentBillingDemo: DemoGenerator = {
  name: 'segmentBilling',
  async run(ctx) {
    const rows = demoSegmentBilling(shanghaiDateOf(ctx.now.toISOString()));
    await upsertSegmentBilling(ctx.tx, rows, ctx.actor.name, ctx.now);
    return { segmentBillingMonths: rows.length };
  },
};
