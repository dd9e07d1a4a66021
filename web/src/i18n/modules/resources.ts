/** Messages of the resources pages: `resourcesZh` is the source of the keys; `resourcesEn` must match it. */
import type { Translation } from './translation';

export const resourcesZh = {
  title: '服务资源',
};

export const resourcesEn: Translation<typeof resourcesZh> = {
  title: 'Service resources',
};
