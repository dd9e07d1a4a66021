/** Messages of the catalog pages: `catalogZh` is the source of the keys; `catalogEn` must match it. */
import type { Translation } from './translation';

export const catalogZh = {
  title: '服务标准目录',
};

export const catalogEn: Translation<typeof catalogZh> = {
  title: 'Service catalog',
};
