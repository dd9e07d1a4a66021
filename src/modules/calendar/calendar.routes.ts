import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import type { Clock } from '../../domain/calendar/clock.ts';
import { DEFAULT_BUSINESS_HOURS } from '../../domain/calendar/deadline.ts';
import { DomainError } from '../../domain/errors.ts';
import { actorFor } from '../../http/access.ts';
import {
  addQuery,
  addResponse,
  countQuery,
  countResponse,
  daysQuery,
  daysResponse,
  deadlineQuery,
  deadlineResponse,
  importQuery,
  importResponse,
  yearsQuery,
  yearsResponse,
} from './calendar.schema.ts';
import {
  addWorkdaysFor,
  computeDeadlineFor,
  countWorkdaysFor,
  importSchedule,
  listDaysOfYear,
  listLoadedYears,
} from './calendar.service.ts';

function clockOf(value: string): Clock {
  if (value === '24x7') return { kind: '24x7' };
  if (value === 'businessHours') return DEFAULT_BUSINESS_HOURS;
  return {
    kind: 'businessHours',
    windows: value.split(',').map((w) => {
      const [start, end] = w.split('-') as [string, string];
      return { start, end };
    }),
  };
}

export async function calendarRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const anyone = { access: 'authenticated' as const };

  r.get(
    '/api/v1/calendar/workdays/add',
    {
      config: anyone,
      schema: {
        tags: ['calendar'],
        summary: 'The N-th working day after `from` (official holidays and make-up days)',
        querystring: addQuery,
        response: { 200: addResponse },
      },
    },
    (request) => addWorkdaysFor(deps, request.query),
  );

  r.get(
    '/api/v1/calendar/workdays/count',
    {
      config: anyone,
      schema: {
        tags: ['calendar'],
        summary: 'Working days after `from` up to and including `to`',
        querystring: countQuery,
        response: { 200: countResponse },
      },
    },
    (request) => countWorkdaysFor(deps, request.query),
  );

  r.get(
    '/api/v1/calendar/deadline',
    {
      config: anyone,
      schema: {
        tags: ['calendar'],
        summary: 'A due instant: N working days or N minutes on a 7×24 or business-hours clock',
        querystring: deadlineQuery,
        response: { 200: deadlineResponse },
      },
    },
    (request) => {
      const { startAt, workdays, minutes, clock, region } = request.query;
      const c = clockOf(clock);
      const rule =
        workdays !== undefined
          ? { kind: 'workdays' as const, startAt, workdays, clock: c }
          : { kind: 'clockMinutes' as const, startAt, minutes: minutes ?? 0, clock: c };
      return computeDeadlineFor(deps, rule, region);
    },
  );

  r.get(
    '/api/v1/calendar/days',
    {
      config: anyone,
      schema: {
        tags: ['calendar'],
        summary: 'Every day of a year with its kind (for the year view)',
        querystring: daysQuery,
        response: { 200: daysResponse },
      },
    },
    (request) => listDaysOfYear(deps, request.query.year, request.query.region),
  );

  r.get(
    '/api/v1/calendar/years',
    {
      config: anyone,
      schema: {
        tags: ['calendar'],
        summary: 'Loaded official schedules and the horizon',
        querystring: yearsQuery,
        response: { 200: yearsResponse },
      },
    },
    (request) => listLoadedYears(deps, request.query.region),
  );

  r.post(
    '/api/v1/calendar/import',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['calendar'],
        summary: "Import a year's official schedule (JSON or text/csv), all-or-nothing",
        querystring: importQuery,
        response: { 200: importResponse },
      },
    },
    (request) => {
      const type = request.headers['content-type'] ?? '';
      const region = request.query.region ?? null;
      if (type.startsWith('application/json')) {
        return importSchedule(deps, actorFor(request), { format: 'json', value: request.body }, region);
      }
      if (type.startsWith('text/csv') || type.startsWith('text/plain')) {
        return importSchedule(
          deps,
          actorFor(request),
          { format: 'csv', text: String(request.body ?? '') },
          region,
        );
      }
      throw new DomainError('UNSUPPORTED_MEDIA', 'Send the schedule as application/json or text/csv');
    },
  );
}
