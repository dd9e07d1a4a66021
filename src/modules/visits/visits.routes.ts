/**
 * Return visits (回访, PRODUCT.md §7): the visitor's queue, outcomes, coverage, and the customer
 * file's visits and visitor.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { ROLES } from '../../domain/access.ts';
import { actorFor, requireUser } from '../../http/access.ts';
import { withTotal } from '../../http/list.ts';
import { visitCoverage } from './coverage.service.ts';
import { getCustomerVisitor, setCustomerVisitor } from './visitors.service.ts';
import {
  coverageQuery,
  coverageView,
  customerIdParams,
  customerVisitorBody,
  customerVisitorView,
  listVisitsQuery,
  outcomeBody,
  visitIdParams,
  visitView,
} from './visits.schema.ts';
import { getVisit, listCustomerVisits, listVisitsFor, recordVisitOutcome } from './visits.service.ts';

export async function visitsRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const queue = { access: ['admin', 'kam_manager', 'visit_agent', 'analyst', 'auditor'] as const };
  const everyone = { access: ROLES };
  const tags = ['visits'];

  r.get(
    '/api/v1/visits',
    {
      config: queue,
      schema: {
        tags,
        summary: 'Return visits by due instant (a visit agent sees its own; X-Total-Count)',
        querystring: listVisitsQuery,
        response: { 200: z.array(visitView) },
      },
    },
    async (request, reply) => {
      const page = await listVisitsFor(deps, requireUser(request), request.query);
      return withTotal(reply, page.total, page.items);
    },
  );

  r.get(
    '/api/v1/visits/coverage',
    {
      config: queue,
      schema: {
        tags,
        summary: 'Return-visit coverage (回访率) per month and region or visitor',
        querystring: coverageQuery,
        response: { 200: z.array(coverageView) },
      },
    },
    (request) => visitCoverage(deps, requireUser(request), request.query),
  );

  r.get(
    '/api/v1/visits/:id',
    {
      config: queue,
      schema: { tags, summary: 'One return visit', params: visitIdParams, response: { 200: visitView } },
    },
    (request) => getVisit(deps, requireUser(request), request.params.id),
  );

  r.post(
    '/api/v1/visits/:id/outcome',
    {
      config: { access: ['admin', 'visit_agent'] as const },
      schema: {
        tags,
        summary:
          'Record the outcome (the visitor or an admin): satisfied closes the ticket, dissatisfied reopens it and opens a task for the account manager; 409 VISIT_CLOSED',
        params: visitIdParams,
        body: outcomeBody,
        response: { 200: visitView },
      },
    },
    (request) =>
      recordVisitOutcome(deps, requireUser(request), actorFor(request), request.params.id, request.body),
  );

  r.get(
    '/api/v1/customers/:id/visits',
    {
      config: everyone,
      schema: {
        tags,
        summary: "A customer's return visits, latest due first",
        params: customerIdParams,
        response: { 200: z.array(visitView) },
      },
    },
    (request) => listCustomerVisits(deps, requireUser(request), request.params.id),
  );

  r.get(
    '/api/v1/customers/:id/visitor',
    {
      config: everyone,
      schema: {
        tags,
        summary: "The customer's one visitor (null until assigned or first visit)",
        params: customerIdParams,
        response: { 200: customerVisitorView },
      },
    },
    (request) => getCustomerVisitor(deps, requireUser(request), request.params.id),
  );

  r.put(
    '/api/v1/customers/:id/visitor',
    {
      config: { access: ['admin', 'kam_manager'] as const },
      schema: {
        tags,
        summary: "Set the customer's visitor (a visit agent); its open visits move along",
        params: customerIdParams,
        body: customerVisitorBody,
        response: { 200: customerVisitorView.extend({ movedVisits: z.number() }) },
      },
    },
    (request) =>
      setCustomerVisitor(
        deps,
        requireUser(request),
        actorFor(request),
        request.params.id,
        request.body.visitorId,
      ),
  );
}
