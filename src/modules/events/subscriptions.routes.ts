/**
 * Admin list of the TMF hub subscriptions of every API (GET /api/v1/webhooks/subscriptions), for
 * the webhooks page: TMF630 `/hub` only reads one subscription by id. Never shows the secret.
 * Registered with the deliveries by `webhooksRoutes`.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { listHubs } from './hub.service.ts';

const subscriptionView = z.object({
  id: z.string(),
  api: z.enum(['troubleTicket', 'productOrder']),
  callback: z.string(),
  query: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  receiving: z.boolean(),
});

export async function subscriptionsRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/webhooks/subscriptions',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['webhooks'],
        summary:
          'Hub subscriptions of every TMF API, newest first; receiving = its creator is still an active admin',
        response: { 200: z.array(subscriptionView) },
      },
    },
    () => listHubs(deps),
  );
}
