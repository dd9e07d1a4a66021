/**
 * TMF622 Product Ordering v5 at /tmf-api/productOrderingManagement/v5/productOrder: list (fields,
 * offset, limit, state filter, X-Total-Count/X-Result-Count), retrieve, create and JSON merge patch
 * (priority, description, requestedCompletionDate, externalId, state with cancellationReason). Same
 * scope and roles as the REST API; errors are problem+json with the TMF Error members.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { ROLES } from '../../domain/access.ts';
import { DomainError } from '../../domain/errors.ts';
import { ORDER_STATES } from '../../domain/orders/lifecycle.ts';
import { actorFor, requireUser } from '../../http/access.ts';
import { withTotal } from '../../http/list.ts';
import { originOf, registerTmfConventions } from '../../http/tmf.ts';
import { registerHubRoutes } from '../events/hub.routes.ts';
import { ORDER_CREATORS, ORDER_HANDLERS } from './orders.routes.ts';
import type { OrderSort } from './orders.schema.ts';
import { createOrder } from './orders.service.ts';
import { fromTmfCreate, fromTmfPatch, selectFields, TMF622_BASE } from './orders.tmf.ts';
import { getTmfOrderFor, listTmfOrdersFor, patchOrderFor } from './tmf622.service.ts';

const SORTS: Record<string, OrderSort> = {
  creationDate: 'createdAt',
  '-creationDate': '-createdAt',
  expectedCompletionDate: 'expectedCompletionDate',
  '-expectedCompletionDate': '-expectedCompletionDate',
};

const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  fields: z.string().max(500).optional(),
  sort: z.enum(Object.keys(SORTS) as [string, ...string[]]).default('-creationDate'),
  state: z
    .string()
    .trim()
    .refine((v) => v.split(',').every((s) => (ORDER_STATES as readonly string[]).includes(s.trim())), {
      message: `comma-separated states of ${ORDER_STATES.join(', ')}`,
    })
    .transform((v) => v.split(',').map((s) => s.trim()) as (typeof ORDER_STATES)[number][])
    .optional(),
});
const fieldsQuery = z.strictObject({ fields: z.string().max(500).optional() });
const idParams = z.strictObject({ id: z.string().max(100) });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function orderId(id: string): string {
  if (!UUID.test(id)) throw new DomainError('NOT_FOUND', `No product order ${id}`);
  return id;
}

const HANDLER_ROLES = new Set<string>(ORDER_HANDLERS);

export async function tmf622Routes(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(async (tmf) => {
    registerTmfConventions(tmf, {
      customerId: 'relatedParty.customer',
      reason: 'cancellationReason',
    });
    const r = tmf.withTypeProvider<ZodTypeProvider>();
    const tags = ['TMF622 product order'];
    const path = `${TMF622_BASE}/productOrder`;

    r.get(
      path,
      {
        config: { access: ROLES },
        schema: {
          tags,
          summary: 'List or find ProductOrder objects (scoped; fields, offset, limit, state=a,b, sort)',
          querystring: listQuery,
        },
      },
      async (request, reply) => {
        const q = request.query;
        const page = await listTmfOrdersFor(
          deps,
          requireUser(request),
          { state: q.state },
          { limit: q.limit, offset: q.offset, sort: SORTS[q.sort]! },
          originOf(request),
        );
        return withTotal(
          reply,
          page.total,
          page.items.map((o) => selectFields(o, q.fields)),
        );
      },
    );

    r.get(
      `${path}/:id`,
      {
        config: { access: ROLES },
        schema: {
          tags,
          summary: 'Retrieves a ProductOrder by ID',
          params: idParams,
          querystring: fieldsQuery,
        },
      },
      async (request) =>
        selectFields(
          await getTmfOrderFor(deps, requireUser(request), orderId(request.params.id), originOf(request)),
          request.query.fields,
        ),
    );

    r.post(
      path,
      {
        config: { access: ORDER_CREATORS },
        schema: {
          tags,
          summary:
            'Creates a ProductOrder (customer as relatedParty; productOrderItem action add with productSpecification.id, characteristics and itemPrice in CNY)',
          querystring: fieldsQuery,
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const id = await createOrder(deps, user, actorFor(request), fromTmfCreate(request.body));
        const body = await getTmfOrderFor(deps, user, id, originOf(request));
        reply.header('Location', body.href);
        return reply.status(201).send(selectFields(body, request.query.fields));
      },
    );

    r.patch(
      `${path}/:id`,
      {
        config: { access: [...new Set([...ORDER_CREATORS, ...ORDER_HANDLERS])] },
        schema: {
          tags,
          summary:
            'Updates partially a ProductOrder (merge patch: priority, description, requestedCompletionDate, externalId; state with cancellationReason by admin/kam_manager/ops_engineer)',
          params: idParams,
          querystring: fieldsQuery,
        },
      },
      async (request) => {
        const user = requireUser(request);
        const id = orderId(request.params.id);
        await getTmfOrderFor(deps, user, id, ''); // 404 before anything else
        const patch = fromTmfPatch(request.body, id);
        if (patch.state && !HANDLER_ROLES.has(user.role))
          throw new DomainError('FORBIDDEN', 'Only admin, kam_manager and ops_engineer change the state', [
            { field: 'state', message: 'not allowed for this role' },
          ]);
        await patchOrderFor(deps, user, actorFor(request), id, patch);
        return selectFields(await getTmfOrderFor(deps, user, id, originOf(request)), request.query.fields);
      },
    );

    // Event subscriptions (TMF630 hub): ProductOrderCreateEvent, …StateChangeEvent, …AttributeValueChangeEvent.
    registerHubRoutes(tmf, deps, {
      base: TMF622_BASE,
      api: 'productOrder',
      tags,
      example: 'eventType=ProductOrderStateChangeEvent&state=completed',
    });
  });
}
