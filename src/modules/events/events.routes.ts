/**
 * Admin view of webhook deliveries: GET /api/v1/webhooks/deliveries?status=pending|delivered|dead
 * and POST /api/v1/webhooks/deliveries/:id/retry, plus the subscription list
 * (subscriptions.routes.ts). Registered by the TMF621 routes.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorFor } from '../../http/access.ts';
import { pageQuery, withTotal } from '../../http/list.ts';
import { DELIVERY_STATUSES, listDeliveries, retryDelivery } from './delivery.service.ts';
import { subscriptionsRoutes } from './subscriptions.routes.ts';

const deliveryView = z.object({
  id: z.number(),
  subscriptionId: z.string(),
  callback: z.string().nullable(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  createdAt: z.string(),
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  deadAt: z.string().nullable(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
});

export async function webhooksRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['webhooks'];
  r.get(
    '/api/v1/webhooks/deliveries',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Webhook deliveries of the outbox, newest first (X-Total-Count)',
        querystring: z.strictObject({ ...pageQuery, status: z.enum(DELIVERY_STATUSES).optional() }),
        response: { 200: z.array(deliveryView) },
      },
    },
    async (request, reply) => {
      const page = await listDeliveries(deps, request.query);
      return withTotal(reply, page.total, page.items);
    },
  );
  r.post(
    '/api/v1/webhooks/deliveries/:id/retry',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Deliver a pending or dead event again now, with a fresh set of attempts',
        params: z.strictObject({ id: z.coerce.number().int().positive() }),
        response: { 200: deliveryView },
      },
    },
    (request) => retryDelivery(deps, actorFor(request), request.params.id),
  );
  await subscriptionsRoutes(app, deps);
}
