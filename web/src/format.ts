/**
 * Display formats. Instants are shown in Asia/Shanghai whatever the browser's zone, so that
 * every user sees the same wall-clock time as the calendar days the server computes.
 */
export const TIME_ZONE = 'Asia/Shanghai';

const instantFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function parts(at: Date): Record<string, string> {
  const result: Record<string, string> = {};
  for (const part of instantFormat.formatToParts(at)) result[part.type] = part.value;
  return result;
}

/** `2026-02-14 09:30:00` in Asia/Shanghai; the input unchanged when it is not a valid instant. */
export function formatInstant(at: string | null | undefined): string {
  if (!at) return '';
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  const p = parts(date);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** Today's calendar day (YYYY-MM-DD) in Asia/Shanghai at the instant `now`. */
export function computeTodayDate(now: Date): string {
  const p = parts(now);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The first instant of a Shanghai calendar day, as UTC ISO. */
export function startOfDayAt(date: string): string {
  return new Date(`${date}T00:00:00.000+08:00`).toISOString();
}

/** The last millisecond of a Shanghai calendar day, as UTC ISO. */
export function endOfDayAt(date: string): string {
  return new Date(`${date}T23:59:59.999+08:00`).toISOString();
}
