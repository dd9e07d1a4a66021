/** Messages of the segments pages: `segmentsZh` is the source of the keys; `segmentsEn` must match it. */
import type { Translation } from './translation';

export const segmentsZh = {
  title: 'segments',
};

export const segmentsEn: Translation<typeof segmentsZh> = {
  title: 'segments',
};
