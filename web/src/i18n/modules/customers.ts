/** Messages of the customers pages: `customersZh` is the source of the keys; `customersEn` must match it. */
import type { Translation } from './translation';

export const customersZh = {
  title: 'customers',
};

export const customersEn: Translation<typeof customersZh> = {
  title: 'customers',
};
