/** Messages of the value pages: `valueZh` is the source of the keys; `valueEn` must match it. */
import type { Translation } from './translation';

export const valueZh = {
  title: 'value',
};

export const valueEn: Translation<typeof valueZh> = {
  title: 'value',
};
