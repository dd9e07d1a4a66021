/** Messages of the tasks pages: `tasksZh` is the source of the keys; `tasksEn` must match it. */
import type { Translation } from './translation';

export const tasksZh = {
  title: '规定动作任务',
};

export const tasksEn: Translation<typeof tasksZh> = {
  title: 'Mandatory-action tasks',
};
