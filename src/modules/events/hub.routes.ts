/**
 * TMF630 `/hub` event subscriptions, shared by the TMF APIs (TMF621 trouble tickets, TMF622
 * product orders): subscribe a callback with an optional query (answers the HMAC secret once), read
 * one, remove one. Admin only: a subscription is a system-integration setting that receives every
 * region's events (like the delivery log, also admin only), so no scoped role may hold one.
 * Events reach subscribers through the outbox.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { DomainError } from '../../domain/errors.ts';
import { actorFor } from '../../http/access.ts';
import { originOf } from '../../http/tmf.ts';
import { createHub, deleteHub, getHub, type HubApi } from './hub.service.ts';

const idParams = z.strictObject({ id: z.string().max(100) });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HUB_ATTRIBUTES = ['callback', 'query', 'secret', '@type', '@baseType', '@schemaLocation'];

/** Registers POST `<base>/hub`, GET and DELETE `<base>/hub/:id` for `api` on a TMF scope. */
export function registerHubRoutes(
  app: FastifyInstance,
  deps: Deps,
  options: { base: string; api: HubApi; tags: string[]; example: string },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { api, tags } = options;
  const hubAccess = { access: ['admin'] as const };
  const hubPath = `${options.base}/hub`;
  const checkId = (id: string) => {
    if (!UUID.test(id)) throw new DomainError('NOT_FOUND', `No hub ${id}`);
  };
  r.post(
    hubPath,
    {
      config: hubAccess,
      schema: {
        tags,
        summary: `Subscribe a callback to events (query e.g. ${options.example}); answers the HMAC secret once`,
      },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (typeof body !== 'object' || Array.isArray(body))
        throw new DomainError('VALIDATION_FAILED', 'Invalid hub', [
          { field: 'body', message: 'a JSON object' },
        ]);
      const unknown = Object.keys(body).filter((k) => !HUB_ATTRIBUTES.includes(k));
      if (unknown.length > 0)
        throw new DomainError(
          'VALIDATION_FAILED',
          `Invalid hub: ${unknown.join(', ')}`,
          unknown.map((field) => ({ field, message: 'unknown attribute' })),
        );
      const hub = await createHub(deps, actorFor(request), api, body);
      reply.header('Location', `${originOf(request)}${hubPath}/${hub.id}`);
      return reply.status(201).send({ '@type': 'Hub', ...hub });
    },
  );
  r.get(
    `${hubPath}/:id`,
    { config: hubAccess, schema: { tags, summary: 'A subscription', params: idParams } },
    async (request) => {
      checkId(request.params.id);
      return { '@type': 'Hub', ...(await getHub(deps, api, request.params.id)) };
    },
  );
  r.delete(
    `${hubPath}/:id`,
    {
      config: hubAccess,
      schema: {
        tags,
        summary: 'Remove a subscription (its undelivered events are dropped as dead)',
        params: idParams,
      },
    },
    async (request, reply) => {
      checkId(request.params.id);
      await deleteHub(deps, actorFor(request), api, request.params.id);
      return reply.status(204).send();
    },
  );
}
