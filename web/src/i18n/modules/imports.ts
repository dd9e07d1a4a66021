/** Messages of the imports pages: `importsZh` is the source of the keys; `importsEn` must match it. */
import type { Translation } from './translation';

export const importsZh = {
  title: 'imports',
};

export const importsEn: Translation<typeof importsZh> = {
  title: 'imports',
};
