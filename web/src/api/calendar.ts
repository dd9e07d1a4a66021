import { api } from './client';
import type { CalendarDays, CalendarImportResult, CalendarYears } from './types';

export function findCalendarYears(region: string, signal?: AbortSignal): Promise<CalendarYears> {
  return api.get<CalendarYears>('/calendar/years', { region }, signal);
}

export function getCalendarDays(year: number, region: string, signal?: AbortSignal): Promise<CalendarDays> {
  return api.get<CalendarDays>('/calendar/days', { year, region }, signal);
}

export function addWorkdays(
  fromDate: string,
  days: number,
  region: string,
): Promise<{ date: string; provisional: boolean }> {
  return api.get('/calendar/workdays/add', { from: fromDate, days, region });
}

export function countWorkdays(
  fromDate: string,
  toDate: string,
  region: string,
): Promise<{ count: number; provisional: boolean }> {
  return api.get('/calendar/workdays/count', { from: fromDate, to: toDate, region });
}

export type ScheduleFormat = 'json' | 'csv';

/** The upload format of a schedule file, from its name; null when it is neither .json nor .csv. */
export function findScheduleFormat(fileName: string): ScheduleFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.csv')) return 'csv';
  return null;
}

/** Uploads a yearly schedule file as-is; the server validates it and answers with field errors. */
export function importCalendar(
  content: string,
  format: ScheduleFormat,
  region: string,
): Promise<CalendarImportResult> {
  const contentType = format === 'json' ? 'application/json' : 'text/csv';
  return api.upload<CalendarImportResult>('/calendar/import', content, contentType, { region });
}
