import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorFor } from '../../http/access.ts';
import { withTotal } from '../../http/list.ts';
import { userView } from '../auth/auth.schema.ts';
import { toSessionUser } from '../auth/auth.service.ts';
import { listUsers } from './users.repo.ts';
import { createUserBody, listUsersQuery, updateUserBody, userIdParams } from './users.schema.ts';
import { createUser, updateUserById } from './users.service.ts';

export async function usersRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const admin = { access: ['admin'] as const };

  r.get(
    '/api/v1/users',
    {
      config: admin,
      schema: {
        tags: ['users'],
        summary: 'List users (X-Total-Count)',
        querystring: listUsersQuery,
        response: { 200: z.array(userView) },
      },
    },
    async (request, reply) => {
      const { limit, offset, sort, ...filter } = request.query;
      const page = await listUsers(deps.db, filter, { limit, offset, sort });
      return withTotal(reply, page.total, page.items.map(toSessionUser));
    },
  );

  r.get(
    '/api/v1/visit-agents',
    {
      config: { access: ['admin', 'kam_manager'] as const },
      schema: {
        tags: ['users'],
        summary:
          "The active visit agents: whom a customer's return visits may be given to (the visitor picker of admin and kam_manager)",
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              username: z.string(),
              displayName: z.string(),
              regionCode: z.string().nullable(),
            }),
          ),
        },
      },
    },
    async (_request, reply) => {
      const page = await listUsers(
        deps.db,
        { role: 'visit_agent', active: true },
        { limit: 1000, offset: 0, sort: 'displayName' },
      );
      const items = page.items.map((u) => ({
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        regionCode: u.regionCode,
      }));
      return withTotal(reply, page.total, items);
    },
  );

  r.post(
    '/api/v1/users',
    {
      config: admin,
      schema: {
        tags: ['users'],
        summary: 'Create a user',
        body: createUserBody,
        response: { 201: userView },
      },
    },
    async (request, reply) => {
      const user = await createUser(deps, actorFor(request), request.body);
      return reply.status(201).send(user);
    },
  );

  r.patch(
    '/api/v1/users/:id',
    {
      config: admin,
      schema: {
        tags: ['users'],
        summary: 'Change a user (role, region, active, password)',
        params: userIdParams,
        body: updateUserBody,
        response: { 200: userView },
      },
    },
    async (request) => updateUserById(deps, actorFor(request), request.params.id, request.body),
  );
}
