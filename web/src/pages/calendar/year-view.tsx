import { Tooltip } from 'antd';
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarDay, DayKind } from '../../api/types';
import { computeFallbackKind, computeMonthWeeks, type MonthSummary, summarizeMonths } from './calendar-grid';
import './year-view.css';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const DAY_KINDS: readonly DayKind[] = ['workday', 'weekend', 'holiday', 'makeupWorkday'];

type DayCellProps = { date: string; day: CalendarDay | undefined; isToday: boolean };

const DayCell = memo(function DayCell({ date, day, isToday }: DayCellProps) {
  const { t } = useTranslation();
  const kind = day?.kind ?? computeFallbackKind(date);
  const classes = ['tl-day', `tl-day--${kind}`];
  if (day?.provisional) classes.push('tl-day--provisional');
  if (isToday) classes.push('tl-day--today');
  const describe = [
    date,
    t(`calendar.kind.${kind}`),
    day?.name,
    day?.regional ? t('calendar.regional') : null,
  ]
    .filter(Boolean)
    .join(' · ');

  const cell = (
    <td
      className={classes.join(' ')}
      data-testid={`day-${date}`}
      data-kind={kind}
      aria-label={describe}
      title={day?.name ? undefined : describe}
    >
      {Number(date.slice(8, 10))}
      {(kind === 'holiday' || kind === 'makeupWorkday') && (
        <span className={`tl-day-badge tl-day-badge--${kind}`} aria-hidden>
          {t(`calendar.badge.${kind}`)}
        </span>
      )}
      {day?.regional && <span className="tl-day-regional" aria-hidden />}
    </td>
  );
  return day?.name ? (
    <Tooltip title={day.regional ? `${day.name} (${t('calendar.regional')})` : day.name}>{cell}</Tooltip>
  ) : (
    cell
  );
});

type MonthGridProps = {
  year: number;
  summary: MonthSummary;
  byDate: ReadonlyMap<string, CalendarDay>;
  todayDate: string | undefined;
};

function MonthGrid({ year, summary, byDate, todayDate }: MonthGridProps) {
  const { t } = useTranslation();
  const weeks = useMemo(() => computeMonthWeeks(year, summary.month), [year, summary.month]);
  return (
    <section className="tl-month" data-testid={`month-${summary.month}`}>
      <div className="tl-month-head">
        <span className="tl-month-title">{t('calendar.monthTitle', { month: summary.month })}</span>
        <span className="tl-month-count" data-testid={`month-${summary.month}-workdays`}>
          {t('calendar.monthWorkdays', { count: summary.workdays })}
        </span>
      </div>
      <table>
        <thead>
          <tr>
            {WEEKDAYS.map((weekday) => (
              <th key={weekday} scope="col">
                {t(`calendar.weekdays.${weekday}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week.find(Boolean) ?? ''}>
              {week.map((date, index) =>
                date ? (
                  <DayCell key={date} date={date} day={byDate.get(date)} isToday={date === todayDate} />
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: empty slots have no identity but their position
                  <td key={`empty-${index}`} />
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

type YearViewProps = {
  year: number;
  days: readonly CalendarDay[];
  /** Today's date (YYYY-MM-DD), outlined when it falls in this year. */
  todayDate?: string;
};

/** Twelve month grids (Monday-first weeks), each day coloured by its kind. */
export function CalendarYearView({ year, days, todayDate }: YearViewProps) {
  const byDate = useMemo(() => new Map(days.map((day) => [day.date, day])), [days]);
  const summaries = useMemo(() => summarizeMonths(days), [days]);
  return (
    <div className="tl-year-grid" data-testid="calendar-year">
      {summaries.map((summary) => (
        <MonthGrid key={summary.month} year={year} summary={summary} byDate={byDate} todayDate={todayDate} />
      ))}
    </div>
  );
}

/** What the four colours mean. */
export function CalendarLegend() {
  const { t } = useTranslation();
  return (
    <div className="tl-legend" data-testid="calendar-legend">
      {DAY_KINDS.map((kind) => (
        <span key={kind} className="tl-legend-item">
          <span className={`tl-day tl-day--${kind} tl-legend-swatch`} style={{ display: 'inline-block' }}>
            8
            {(kind === 'holiday' || kind === 'makeupWorkday') && (
              <span className={`tl-day-badge tl-day-badge--${kind}`}>{t(`calendar.badge.${kind}`)}</span>
            )}
          </span>
          {t(`calendar.kind.${kind}`)}
        </span>
      ))}
    </div>
  );
}
