/** /api/v1/circuits, a customer's circuits, and the front-desk lookup /api/v1/desk/lookup. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { ROLES } from '../../domain/access.ts';
import { actorFor, requireUser } from '../../http/access.ts';
import { withTotal } from '../../http/list.ts';
import {
  circuitView,
  createCircuitBody,
  customerIdParams,
  listCircuitsQuery,
  lookupQuery,
  lookupView,
} from './circuits.schema.ts';
import { createCircuit, listCircuitsFor, listCustomerCircuits, lookup } from './circuits.service.ts';

export async function circuitsRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const everyone = { access: ROLES };
  const tags = ['circuits'];

  r.get(
    '/api/v1/circuits',
    {
      config: everyone,
      schema: {
        tags,
        summary: 'Circuits in scope, by number (q: part of the number or an end; X-Total-Count)',
        querystring: listCircuitsQuery,
        response: { 200: z.array(circuitView) },
      },
    },
    async (request, reply) => {
      const page = await listCircuitsFor(deps, requireUser(request), request.query);
      return withTotal(reply, page.total, page.items);
    },
  );

  r.post(
    '/api/v1/circuits',
    {
      config: { access: ['admin', 'kam_manager'] as const },
      schema: {
        tags,
        summary: 'Register a circuit for a customer (409 CONFLICT when the number is taken)',
        body: createCircuitBody,
        response: { 201: circuitView },
      },
    },
    async (request, reply) => {
      const view = await createCircuit(deps, requireUser(request), actorFor(request), request.body);
      return reply.code(201).send(view);
    },
  );

  r.get(
    '/api/v1/customers/:id/circuits',
    {
      config: everyone,
      schema: {
        tags,
        summary: "A customer's circuits",
        params: customerIdParams,
        response: { 200: z.array(circuitView) },
      },
    },
    (request) => listCustomerCircuits(deps, requireUser(request), request.params.id),
  );

  r.get(
    '/api/v1/desk/lookup',
    {
      config: everyone,
      schema: {
        tags: ['desk'],
        summary:
          'Find a customer by name, customer or credit code, contact phone or circuit number (front desk; at most 20, scoped)',
        querystring: lookupQuery,
        response: { 200: z.array(lookupView) },
      },
    },
    (request) => lookup(deps, requireUser(request), request.query.q),
  );
}
