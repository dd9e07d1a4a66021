/** Messages of the orders pages: `ordersZh` is the source of the keys; `ordersEn` must match it. */
import type { Translation } from './translation';

export const ordersZh = {
  customerTab: '订单与开通',
  title: '业务开通',
};

export const ordersEn: Translation<typeof ordersZh> = {
  customerTab: 'Orders',
  title: 'Orders',
};
