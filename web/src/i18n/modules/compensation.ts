/** Messages of the compensation pages: `compensationZh` is the source of the keys; `compensationEn` must match it. */
import type { Translation } from './translation';

export const compensationZh = {
  title: '赔付单',
};

export const compensationEn: Translation<typeof compensationZh> = {
  title: 'Compensation slips',
};
