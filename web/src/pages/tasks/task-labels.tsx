import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import type { Task } from '../../api/tasks';

/** Status of a task with its overdue / late mark. */
export function TaskStatusTag({ task, t }: { task: Task; t: TFunction }) {
  if (task.status === 'open') {
    return task.overdue ? (
      <Tag color="red" data-testid={`overdue-${task.id}`}>
        {t('tasks.overdue')}
      </Tag>
    ) : (
      <Tag color="blue">{t('tasks.status.open')}</Tag>
    );
  }
  if (task.status === 'cancelled') return <Tag>{t('tasks.status.cancelled')}</Tag>;
  const late = task.completedDate !== null && task.completedDate > task.dueDate;
  return <Tag color={late ? 'orange' : 'green'}>{late ? t('tasks.late') : t('tasks.status.done')}</Tag>;
}

/** The action's name in the UI language. */
export function actionLabel(task: Pick<Task, 'actionName' | 'actionNameEn'>, language: string): string {
  return language.startsWith('zh') ? task.actionName : task.actionNameEn;
}

/** `2026-03` → 2026-03; `2026-03-D2` → 2026-03 中旬 / 2026-03 mid. */
export function bucketLabel(bucket: string, t: TFunction): string {
  const m = /^(\d{4}-\d{2})-D([123])$/.exec(bucket);
  if (!m) return bucket;
  const part =
    m[2] === '1'
      ? t('tasks.compliance.dekad.d1')
      : m[2] === '2'
        ? t('tasks.compliance.dekad.d2')
        : t('tasks.compliance.dekad.d3');
  return `${m[1]} ${part}`;
}

/** A rate 0–1 as a percentage, or a dash. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}
