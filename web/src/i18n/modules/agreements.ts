/** Messages of the agreements pages: `agreementsZh` is the source of the keys; `agreementsEn` must match it. */
import type { Translation } from './translation';

export const agreementsZh = {
  customerTab: 'SLA 协议',
  title: 'SLA 协议',
};

export const agreementsEn: Translation<typeof agreementsZh> = {
  customerTab: 'SLA agreements',
  title: 'SLA agreements',
};
