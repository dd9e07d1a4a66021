/**
 * REST /api/v1/tickets (PRODUCT.md §7): create, list (queue order), board summary, detail,
 * status, stage hand-off, assign, severity, notes, and a customer's tickets. Reads are scoped like
 * the customer (out of scope → 404); writes are limited by role as the desk brief says: the
 * read-only roles (analyst, auditor) change nothing, not even a note.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { ROLES } from '../../domain/access.ts';
import { actorFor, requireUser } from '../../http/access.ts';
import { withTotal } from '../../http/list.ts';
import {
  assignBody,
  assigneesView,
  createTicketBody,
  customerIdParams,
  customerTicketsQuery,
  listTicketsQuery,
  noteBody,
  severityBody,
  stageBody,
  statusBody,
  summaryView,
  ticketDetail,
  ticketIdParams,
  ticketView,
} from './tickets.schema.ts';
import {
  addNoteFor,
  assignFor,
  changeStageFor,
  changeStatusFor,
  createTicketFor,
  getTicketDetail,
  listAssigneesFor,
  listCustomerTicketsFor,
  listTicketsFor,
  patchTicketFor,
  ticketSummaryFor,
} from './tickets.service.ts';

export async function ticketsRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const readers = { access: ROLES };
  const creators = {
    access: ['admin', 'kam_manager', 'account_manager', 'frontdesk', 'ops_engineer'] as const,
  };
  const handlers = { access: ['admin', 'kam_manager', 'frontdesk', 'ops_engineer'] as const };
  // every role but the read-only ones (analyst, auditor): a note is a change (audited, a hub event)
  const noteTakers = {
    access: ['admin', 'kam_manager', 'account_manager', 'frontdesk', 'ops_engineer', 'visit_agent'] as const,
  };
  const tags = ['tickets'];

  r.post(
    '/api/v1/tickets',
    {
      config: creators,
      schema: {
        tags,
        summary:
          'Open a ticket for a customer in scope (starts acknowledged at the first stage of its route)',
        body: createTicketBody,
        response: { 201: ticketDetail },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { id } = await createTicketFor(deps, user, actorFor(request), request.body);
      return reply.status(201).send(await getTicketDetail(deps, user, id));
    },
  );

  r.get(
    '/api/v1/tickets',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Tickets in scope; sort=queue orders by tier then time left (X-Total-Count)',
        querystring: listTicketsQuery,
        response: { 200: z.array(ticketView) },
      },
    },
    async (request, reply) => {
      const { limit, offset, sort, ...filter } = request.query;
      const page = await listTicketsFor(deps, requireUser(request), filter, { limit, offset, sort });
      if (page.totalEstimated) reply.header('X-Total-Count-Estimated', 'true');
      return withTotal(reply, page.total, page.items);
    },
  );

  r.get(
    '/api/v1/tickets/summary',
    {
      config: readers,
      schema: {
        tags,
        summary:
          'Board counts in scope: open, breached, escalated, due within the hour, per department/status/tier',
        response: { 200: summaryView },
      },
    },
    (request) => ticketSummaryFor(deps, requireUser(request)),
  );

  r.get(
    '/api/v1/tickets/:id',
    {
      config: readers,
      schema: {
        tags,
        summary: 'A ticket with its history, clocks, escalations, visits and allowed next statuses',
        params: ticketIdParams,
        response: { 200: ticketDetail },
      },
    },
    (request) => getTicketDetail(deps, requireUser(request), request.params.id),
  );

  r.post(
    '/api/v1/tickets/:id/status',
    {
      config: handlers,
      schema: {
        tags,
        summary:
          'Change the status (409 ILLEGAL_TRANSITION; reason required for rejected, cancelled, held, pending, reopened)',
        params: ticketIdParams,
        body: statusBody,
        response: { 200: ticketDetail },
      },
    },
    async (request) => {
      const user = requireUser(request);
      await changeStatusFor(deps, user, actorFor(request), request.params.id, request.body);
      return getTicketDetail(deps, user, request.params.id);
    },
  );

  r.post(
    '/api/v1/tickets/:id/stage',
    {
      config: handlers,
      schema: {
        tags,
        summary: 'Hand the ticket to a stage of its route (default: the next one)',
        params: ticketIdParams,
        body: stageBody,
        response: { 200: ticketDetail },
      },
    },
    async (request) => {
      const user = requireUser(request);
      await changeStageFor(deps, user, actorFor(request), request.params.id, request.body);
      return getTicketDetail(deps, user, request.params.id);
    },
  );

  r.get(
    '/api/v1/tickets/:id/assignees',
    {
      config: handlers,
      schema: {
        tags,
        summary: "The people the ticket can be given to: the active users of its current stage's department",
        params: ticketIdParams,
        response: { 200: assigneesView },
      },
    },
    async (request) => listAssigneesFor(deps, requireUser(request), request.params.id),
  );

  r.post(
    '/api/v1/tickets/:id/assign',
    {
      config: handlers,
      schema: {
        tags,
        summary: 'Assign the ticket to a person (null: nobody)',
        params: ticketIdParams,
        body: assignBody,
        response: { 200: ticketDetail },
      },
    },
    async (request) => {
      const user = requireUser(request);
      await assignFor(deps, user, actorFor(request), request.params.id, request.body.assigneeId);
      return getTicketDetail(deps, user, request.params.id);
    },
  );

  r.post(
    '/api/v1/tickets/:id/severity',
    {
      config: handlers,
      schema: {
        tags,
        summary:
          'Change the severity with a reason: the default priority and the SLA limits follow (409 ILLEGAL_TRANSITION once resolved)',
        params: ticketIdParams,
        body: severityBody,
        response: { 200: ticketDetail },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { severity, reason } = request.body;
      await patchTicketFor(deps, user, actorFor(request), request.params.id, {
        attributes: { severity },
        notes: [],
        reason,
      });
      return getTicketDetail(deps, user, request.params.id);
    },
  );

  r.post(
    '/api/v1/tickets/:id/notes',
    {
      config: noteTakers,
      schema: {
        tags,
        summary: 'Add a note to the ticket history',
        params: ticketIdParams,
        body: noteBody,
        response: { 200: ticketDetail },
      },
    },
    async (request) => {
      const user = requireUser(request);
      await addNoteFor(deps, user, actorFor(request), request.params.id, request.body.text);
      return getTicketDetail(deps, user, request.params.id);
    },
  );

  r.get(
    '/api/v1/customers/:id/tickets',
    {
      config: readers,
      schema: {
        tags,
        summary: "A customer's tickets, newest first (X-Total-Count)",
        params: customerIdParams,
        querystring: customerTicketsQuery,
        response: { 200: z.array(ticketView) },
      },
    },
    async (request, reply) => {
      const { limit, offset, sort, open } = request.query;
      const page = await listCustomerTicketsFor(
        deps,
        requireUser(request),
        request.params.id,
        { open },
        { limit, offset, sort },
      );
      return withTotal(reply, page.total, page.items);
    },
  );
}
