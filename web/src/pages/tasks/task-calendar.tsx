import { Badge, Calendar, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CalendarDayCount } from '../../api/tasks';

/**
 * A month calendar of tasks by due day: how many are due, how many overdue, how many done.
 * Choosing a day asks the page to list that day's tasks; moving month asks for its counts.
 */
export function TaskCalendar({
  month,
  days,
  onMonth,
  onDay,
}: {
  month: string;
  days: CalendarDayCount[];
  onMonth: (month: string) => void;
  onDay: (date: string) => void;
}) {
  const { t } = useTranslation();
  const byDate = new Map(days.map((d) => [d.date, d]));
  const value = dayjs(`${month}-01`);
  const cell = (current: Dayjs) => {
    const day = byDate.get(current.format('YYYY-MM-DD'));
    if (!day || current.format('YYYY-MM') !== month) return null;
    return (
      <Space direction="vertical" size={0} data-testid={`day-${day.date}`}>
        <Badge status="processing" text={t('tasks.calendar.total', { count: day.total })} />
        {day.overdue > 0 && (
          <Badge status="error" text={t('tasks.calendar.overdue', { count: day.overdue })} />
        )}
        {day.done > 0 && <Badge status="success" text={t('tasks.calendar.done', { count: day.done })} />}
      </Space>
    );
  };
  return (
    <Calendar
      value={value}
      cellRender={(current, info) => (info.type === 'date' ? cell(current) : null)}
      onPanelChange={(date) => onMonth(date.format('YYYY-MM'))}
      onSelect={(date, info) => {
        if (info.source === 'date') onDay(date.format('YYYY-MM-DD'));
        else onMonth(date.format('YYYY-MM'));
      }}
      data-testid="task-calendar"
    />
  );
}
