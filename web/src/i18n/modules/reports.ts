/** Messages of the reports pages: `reportsZh` is the source of the keys; `reportsEn` must match it. */
import type { Translation } from './translation';

export const reportsZh = {
  title: '运行报告',
};

export const reportsEn: Translation<typeof reportsZh> = {
  title: 'Operating reports',
};
