/** Messages of the agreements pages: `agreementsZh` is the source of the keys; `agreementsEn` must match it. */
import type { Translation } from './translation';

export const agreementsZh = {
  title: 'SLA 协议',
};

export const agreementsEn: Translation<typeof agreementsZh> = {
  title: 'SLA agreements',
};
