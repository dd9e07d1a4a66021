import './setup';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { computeMonthWeeks, computeYearOptions, summarizeMonths } from '../src/pages/calendar/calendar-grid';
import { CalendarYearView } from '../src/pages/calendar/year-view';
import { buildCalendarDays } from './fixtures';

describe('computeMonthWeeks', () => {
  it('starts weeks on Monday', () => {
    // 2026-02-01 is a Sunday: the last slot of the first week.
    const weeks = computeMonthWeeks(2026, 2);
    expect(weeks[0]).toEqual([null, null, null, null, null, null, '2026-02-01']);
    expect(weeks.flat().filter(Boolean)).toHaveLength(28);
    expect(weeks.every((week) => week.length === 7)).toBe(true);
  });

  it('handles a month that starts on Monday and leap years', () => {
    expect(computeMonthWeeks(2024, 1)[0]?.[0]).toBe('2024-01-01');
    expect(computeMonthWeeks(2024, 2).flat().filter(Boolean)).toHaveLength(29);
  });
});

describe('computeYearOptions', () => {
  it.each([
    { loaded: [2025, 2026], current: 2026, expected: [2024, 2025, 2026, 2027] },
    { loaded: [], current: 2026, expected: [2025, 2026, 2027] },
    { loaded: [2026], current: 2030, expected: [2025, 2026, 2027] },
  ])('$loaded → $expected', ({ loaded, current, expected }) => {
    expect(computeYearOptions(loaded, current)).toEqual(expected);
  });
});

describe('CalendarYearView', () => {
  const days = buildCalendarDays(2026);

  it('marks each day with its kind', () => {
    render(<CalendarYearView year={2026} days={days} todayDate="2026-03-02" />);
    const kindOf = (date: string) => screen.getByTestId(`day-${date}`).getAttribute('data-kind');
    expect(kindOf('2026-02-14')).toBe('makeupWorkday'); // Saturday, 春节补班
    expect(kindOf('2026-02-17')).toBe('holiday');
    expect(kindOf('2026-02-21')).toBe('holiday'); // a Saturday inside the holiday
    expect(kindOf('2026-03-07')).toBe('weekend');
    expect(kindOf('2026-03-09')).toBe('workday');
    expect(screen.getByTestId('day-2026-03-02').className).toContain('tl-day--today');
    expect(screen.getAllByText('班')).toHaveLength(6);
  });

  it('counts working days per month', () => {
    render(<CalendarYearView year={2026} days={days} />);
    // February: 20 weekdays − 6 holiday weekdays + 2 make-up Saturdays.
    expect(screen.getByTestId('month-2-workdays').textContent).toBe('工作日 16 天');
    const summaries = summarizeMonths(days);
    expect(summaries[1]).toEqual({ month: 2, workdays: 16, holidays: 9, makeupWorkdays: 2 });
    // 261 weekdays − 19 holiday weekdays + 6 make-up days.
    expect(summaries.reduce((sum, month) => sum + month.workdays, 0)).toBe(248);
  });

  it('falls back to weekends for days the server did not list', () => {
    render(<CalendarYearView year={2027} days={[]} />);
    expect(screen.getByTestId('day-2027-01-02').getAttribute('data-kind')).toBe('weekend');
    expect(screen.getByTestId('day-2027-01-04').getAttribute('data-kind')).toBe('workday');
  });
});
