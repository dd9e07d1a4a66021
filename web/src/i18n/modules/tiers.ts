/** Messages of the tiers pages: `tiersZh` is the source of the keys; `tiersEn` must match it. */
import type { Translation } from './translation';

export const tiersZh = {
  title: 'tiers',
};

export const tiersEn: Translation<typeof tiersZh> = {
  title: 'tiers',
};
