/**
 * Mandatory-action tasks, completion with evidence and compliance (PRODUCT.md §4).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorFor, requireUser } from '../../http/access.ts';
import { withTotal } from '../../http/list.ts';
import { complianceReport, missingTasks } from './compliance.service.ts';
import { generateTasks } from './generation.service.ts';
import {
  calendarQuery,
  calendarView,
  cancelBody,
  completeBody,
  complianceQuery,
  complianceView,
  customerIdParams,
  customerTasksQuery,
  generateBody,
  generationView,
  listTasksQuery,
  missingQuery,
  missingTaskView,
  reassignBody,
  taskIdParams,
  taskView,
} from './tasks.schema.ts';
import {
  cancelTaskFor,
  completeTaskFor,
  getTask,
  listCustomerTasks,
  listTasksFor,
  reassignTaskFor,
  taskCalendar,
} from './tasks.service.ts';

export async function tasksRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const readers = { access: ['admin', 'kam_manager', 'account_manager', 'analyst', 'auditor'] as const };
  const doers = { access: ['admin', 'kam_manager', 'account_manager'] as const };
  const managers = { access: ['admin', 'kam_manager'] as const };
  const tags = ['tasks'];

  r.get(
    '/api/v1/tasks',
    {
      config: readers,
      schema: {
        tags,
        summary:
          'Mandatory-action tasks in scope, by due date (X-Total-Count; above 20,000 the estimate, with X-Total-Count-Estimated)',
        querystring: listTasksQuery,
        response: { 200: z.array(taskView) },
      },
    },
    async (request, reply) => {
      const { limit, offset, sort, ...filter } = request.query;
      const page = await listTasksFor(deps, requireUser(request), filter, { limit, offset, sort });
      return withTotal(reply, page.total, page.items, page.totalEstimated);
    },
  );

  r.get(
    '/api/v1/tasks/calendar',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Tasks per due day of a month (total, open, done, overdue), for the month calendar',
        querystring: calendarQuery,
        response: { 200: calendarView },
      },
    },
    (request) => {
      const { month, ...filter } = request.query;
      return taskCalendar(deps, requireUser(request), month, filter);
    },
  );

  r.post(
    '/api/v1/tasks/generate',
    {
      config: { access: ['admin'] as const },
      schema: {
        tags,
        summary: 'Generate the tasks of a month now (idempotent; the hourly job does it too)',
        body: generateBody,
        response: { 200: generationView },
      },
    },
    (request) =>
      generateTasks(deps, {
        month: request.body.month,
        at: deps.now(),
        trigger: 'api',
        actor: actorFor(request),
      }),
  );

  r.get(
    '/api/v1/tasks/:id',
    {
      config: readers,
      schema: { tags, summary: 'One task', params: taskIdParams, response: { 200: taskView } },
    },
    (request) => getTask(deps, requireUser(request), request.params.id),
  );

  r.post(
    '/api/v1/tasks/:id/complete',
    {
      config: doers,
      schema: {
        tags,
        summary: 'Complete a task with evidence (its owner only; 409 TASK_CLOSED when already closed)',
        params: taskIdParams,
        body: completeBody,
        response: { 200: taskView },
      },
    },
    (request) =>
      completeTaskFor(deps, requireUser(request), actorFor(request), request.params.id, request.body),
  );

  r.post(
    '/api/v1/tasks/:id/reassign',
    {
      config: managers,
      schema: {
        tags,
        summary: 'Give an open task to another account manager (audited)',
        params: taskIdParams,
        body: reassignBody,
        response: { 200: taskView },
      },
    },
    (request) =>
      reassignTaskFor(deps, requireUser(request), actorFor(request), request.params.id, request.body),
  );

  r.post(
    '/api/v1/tasks/:id/cancel',
    {
      config: managers,
      schema: {
        tags,
        summary: 'Cancel an open task with a reason (audited)',
        params: taskIdParams,
        body: cancelBody,
        response: { 200: taskView },
      },
    },
    (request) =>
      cancelTaskFor(deps, requireUser(request), actorFor(request), request.params.id, request.body.reason),
  );

  r.get(
    '/api/v1/customers/:id/tasks',
    {
      config: readers,
      schema: {
        tags,
        summary: "A customer's mandatory-action tasks (X-Total-Count)",
        params: customerIdParams,
        querystring: customerTasksQuery,
        response: { 200: z.array(taskView) },
      },
    },
    async (request, reply) => {
      const { limit, offset, sort, ...filter } = request.query;
      const page = await listCustomerTasks(deps, requireUser(request), request.params.id, filter, {
        limit,
        offset,
        sort,
      });
      return withTotal(reply, page.total, page.items);
    },
  );

  r.get(
    '/api/v1/compliance',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Compliance (达标率) per account manager, department or region, by month or dekad',
        querystring: complianceQuery,
        response: { 200: complianceView },
      },
    },
    (request) => complianceReport(deps, requireUser(request), request.query),
  );

  r.get(
    '/api/v1/compliance/missing',
    {
      config: readers,
      schema: {
        tags,
        summary: 'The tasks behind a compliance row that are overdue or were done late (X-Total-Count)',
        querystring: missingQuery,
        response: { 200: z.array(missingTaskView) },
      },
    },
    async (request, reply) => {
      const { limit, offset, sort, ...query } = request.query;
      const page = await missingTasks(deps, requireUser(request), query, { limit, offset, sort });
      return withTotal(reply, page.total, page.items);
    },
  );
}
