/**
 * /api/v1/notifications: the signed-in user's own in-app notifications (站内通知).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../http/access.ts';
import { pageQuery, withTotal } from '../../http/list.ts';
import { countUnread, listNotifications, markAllRead, markRead } from './notifications.service.ts';

const notificationView = z.object({
  id: z.number(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  entity: z.string().nullable(),
  entityId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

const listQuery = z.strictObject({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  ...pageQuery,
});

export async function notificationsRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const own = { access: 'authenticated' } as const;
  const tags = ['notifications'];

  r.get(
    '/api/v1/notifications',
    {
      config: own,
      schema: {
        tags,
        summary: 'My notifications, newest first (X-Total-Count)',
        querystring: listQuery,
        response: { 200: z.array(notificationView) },
      },
    },
    async (request, reply) => {
      const { unread, limit, offset } = request.query;
      const page = await listNotifications(deps, requireUser(request).id, { unread, limit, offset });
      return withTotal(reply, page.total, page.items);
    },
  );

  r.get(
    '/api/v1/notifications/unread-count',
    {
      config: own,
      schema: {
        tags,
        summary: 'How many of my notifications are unread',
        response: { 200: z.object({ count: z.number() }) },
      },
    },
    async (request) => ({ count: await countUnread(deps, requireUser(request).id) }),
  );

  r.post(
    '/api/v1/notifications/read-all',
    {
      config: own,
      schema: {
        tags,
        summary: 'Mark all my notifications read',
        response: { 200: z.object({ count: z.number() }) },
      },
    },
    async (request) => ({ count: await markAllRead(deps, requireUser(request).id) }),
  );

  r.post(
    '/api/v1/notifications/:id/read',
    {
      config: own,
      schema: {
        tags,
        summary: 'Mark one of my notifications read',
        params: z.strictObject({ id: z.coerce.number().int().positive() }),
        response: { 200: notificationView },
      },
    },
    (request) => markRead(deps, requireUser(request).id, request.params.id),
  );
}
