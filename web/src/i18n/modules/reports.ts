/** Messages of the reports pages: `reportsZh` is the source of the keys; `reportsEn` must match it. */
import type { Translation } from './translation';

export const reportsZh = {
  customerTab: '运行报告与联席会议',
  title: '运行报告',
};

export const reportsEn: Translation<typeof reportsZh> = {
  customerTab: 'Reports and meetings',
  title: 'Operating reports',
};
