/**
 * REST /api/v1/orders (PRODUCT.md §5; docs/orders.md): preview and create orders, list and read
 * them in the caller's scope, change the state, progress / activate / deliver / cancel lines, the
 * delivery pack (HTML/PDF), the monthly timeliness and a customer's orders.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { ROLES } from '../../domain/access.ts';
import { actorFor, requireUser } from '../../http/access.ts';
import { withTotal } from '../../http/list.ts';
import { activateItem } from './activation.service.ts';
import { renderDeliveryPack } from './delivery-pack.service.ts';
import {
  activateBody,
  cancelItemBody,
  createOrderBody,
  customerIdParams,
  customerOrdersQuery,
  deliverBody,
  deliveryPackQuery,
  itemParams,
  listOrdersQuery,
  milestoneBody,
  orderDetail,
  orderIdParams,
  orderView,
  previewView,
  stateBody,
  timelinessQuery,
  timelinessView,
} from './orders.schema.ts';
import {
  changeOrderState,
  createOrder,
  getOrderDetail,
  listCustomerOrdersFor,
  listOrdersFor,
  orderTimelinessFor,
  previewOrder,
} from './orders.service.ts';
import { cancelItem, deliverItem, recordMilestone } from './progress.service.ts';

/** Roles that accept orders (an account manager only for its own customers, by scope). */
export const ORDER_CREATORS = ['admin', 'kam_manager', 'account_manager', 'frontdesk'] as const;
/** Roles that move provisioning forward. */
export const ORDER_HANDLERS = ['admin', 'kam_manager', 'ops_engineer'] as const;

export async function ordersRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const readers = { access: ROLES };
  const creators = { access: ORDER_CREATORS };
  const handlers = { access: ORDER_HANDLERS };
  const deliverers = { access: ['admin', 'kam_manager', 'account_manager'] as const };
  const tags = ['orders'];

  r.post(
    '/api/v1/orders/preview',
    {
      config: creators,
      schema: {
        tags,
        summary: 'Price and date the lines of an order as if accepted now (nothing is saved)',
        body: createOrderBody,
        response: { 200: previewView },
      },
    },
    (request) => previewOrder(deps, requireUser(request), actorFor(request), request.body),
  );

  r.post(
    '/api/v1/orders',
    {
      config: creators,
      schema: {
        tags,
        summary:
          'Accept an order for a customer in scope (lines priced by class, dated by class or entitlement)',
        body: createOrderBody,
        response: { 201: orderDetail },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const id = await createOrder(deps, user, actorFor(request), request.body);
      return reply.status(201).send(await getOrderDetail(deps, user, id));
    },
  );

  r.get(
    '/api/v1/orders',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Orders in scope (filters state, customerId, q, overdue, provisioningClass; X-Total-Count)',
        querystring: listOrdersQuery,
        response: { 200: z.array(orderView) },
      },
    },
    async (request, reply) => {
      const { limit, offset, sort, ...filter } = request.query;
      const page = await listOrdersFor(deps, requireUser(request), filter, { limit, offset, sort });
      return withTotal(reply, page.total, page.items);
    },
  );

  r.get(
    '/api/v1/orders/timeliness',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Lines activated per month and class: on time, late, overdue working days (scoped)',
        querystring: timelinessQuery,
        response: { 200: timelinessView },
      },
    },
    (request) => orderTimelinessFor(deps, requireUser(request), request.query.from, request.query.to),
  );

  r.get(
    '/api/v1/orders/:id',
    {
      config: readers,
      schema: {
        tags,
        summary: 'An order with its lines (due basis), timeline, slips, visits and delivery tasks',
        params: orderIdParams,
        response: { 200: orderDetail },
      },
    },
    (request) => getOrderDetail(deps, requireUser(request), request.params.id),
  );

  r.post(
    '/api/v1/orders/:id/state',
    {
      config: handlers,
      schema: {
        tags,
        summary:
          'Change the order state (inProgress, pending, held, cancelled, rejected, failed; reason required except inProgress; 409 ILLEGAL_TRANSITION)',
        params: orderIdParams,
        body: stateBody,
        response: { 200: orderDetail },
      },
    },
    async (request) => {
      const user = requireUser(request);
      await changeOrderState(deps, user, actorFor(request), request.params.id, request.body);
      return getOrderDetail(deps, user, request.params.id);
    },
  );

  r.post(
    '/api/v1/orders/:id/items/:itemId/milestone',
    {
      config: handlers,
      schema: {
        tags,
        summary: 'A line reaches survey, design, construction or testing (forward only)',
        params: itemParams,
        body: milestoneBody,
        response: { 200: orderDetail },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { id, itemId } = request.params;
      await recordMilestone(deps, user, actorFor(request), id, itemId, request.body);
      return getOrderDetail(deps, user, id);
    },
  );

  r.post(
    '/api/v1/orders/:id/items/:itemId/activate',
    {
      config: handlers,
      schema: {
        tags,
        summary:
          'Activate a line: circuit, overdue working days, late-compensation slip, return visit, HQ delivery task (409 naming circuitNumber when taken)',
        params: itemParams,
        body: activateBody,
        response: { 200: orderDetail },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { id, itemId } = request.params;
      await activateItem(deps, user, actorFor(request), id, itemId, request.body);
      return getOrderDetail(deps, user, id);
    },
  );

  r.post(
    '/api/v1/orders/:id/items/:itemId/deliver',
    {
      config: deliverers,
      schema: {
        tags,
        summary: "Mark an activated line delivered to the customer (completes the AM's delivery task)",
        params: itemParams,
        body: deliverBody,
        response: { 200: orderDetail },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { id, itemId } = request.params;
      await deliverItem(deps, user, actorFor(request), id, itemId, request.body);
      return getOrderDetail(deps, user, id);
    },
  );

  r.post(
    '/api/v1/orders/:id/items/:itemId/cancel',
    {
      config: handlers,
      schema: {
        tags,
        summary: 'Cancel one open line (reason required)',
        params: itemParams,
        body: cancelItemBody,
        response: { 200: orderDetail },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { id, itemId } = request.params;
      await cancelItem(deps, user, actorFor(request), id, itemId, request.body.reason);
      return getOrderDetail(deps, user, id);
    },
  );

  r.get(
    '/api/v1/orders/:id/delivery-pack',
    {
      config: readers,
      schema: {
        tags,
        summary:
          'The delivery pack (letter, delivery list, warranty card, usage guide) of the activated lines, as HTML or PDF',
        params: orderIdParams,
        querystring: deliveryPackQuery,
      },
    },
    async (request, reply) => {
      const { itemId, format } = request.query;
      const pack = await renderDeliveryPack(deps, requireUser(request), request.params.id, itemId, format);
      const disposition = format === 'pdf' ? 'attachment' : 'inline';
      return reply
        .type(pack.contentType)
        .header(
          'Content-Disposition',
          `${disposition}; filename="delivery-pack.${format}"; filename*=UTF-8''${encodeURIComponent(pack.filename)}`,
        )
        .send(pack.body);
    },
  );

  r.get(
    '/api/v1/customers/:id/orders',
    {
      config: readers,
      schema: {
        tags,
        summary: "A customer's orders, newest first (X-Total-Count)",
        params: customerIdParams,
        querystring: customerOrdersQuery,
        response: { 200: z.array(orderView) },
      },
    },
    async (request, reply) => {
      const { limit, offset, sort } = request.query;
      const page = await listCustomerOrdersFor(deps, requireUser(request), request.params.id, {
        limit,
        offset,
        sort,
      });
      return withTotal(reply, page.total, page.items);
    },
  );
}
