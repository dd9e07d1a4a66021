/** Messages of the service-desk pages: `deskZh` is the source of the keys; `deskEn` must match it. */
import type { Translation } from './translation';

export const deskZh = {
  title: '一站式服务台',
};

export const deskEn: Translation<typeof deskZh> = {
  title: 'Front desk',
};
