import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorFor, requireUser, SESSION_COOKIE } from '../../http/access.ts';
import { loginBody, loginResponse, userView } from './auth.schema.ts';
import { login, logout } from './auth.service.ts';

export async function authRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/auth/login',
    {
      config: {
        access: 'public',
        rateLimit: {
          max: deps.config.LOGIN_RATE_LIMIT,
          timeWindow: 60_000,
          keyGenerator: (req) => {
            const body = req.body as { username?: unknown } | undefined;
            return `${req.ip}|${typeof body?.username === 'string' ? body.username : ''}`;
          },
        },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in: sets the session cookie and returns a bearer token',
        body: loginBody,
        response: { 200: loginResponse },
      },
    },
    async (request, reply) => {
      const result = await login(deps, {
        ...request.body,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        requestId: String(request.id),
      });
      reply.setCookie(SESSION_COOKIE, result.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.config.COOKIE_SECURE,
        path: '/',
        expires: new Date(result.expiresAt),
      });
      return result;
    },
  );

  r.post(
    '/api/v1/auth/logout',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'Sign out: ends this session', response: { 204: z.null() } },
    },
    async (request, reply) => {
      if (request.sessionToken) await logout(deps, request.sessionToken, actorFor(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/auth/me',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        response: { 200: z.object({ user: userView }) },
      },
    },
    async (request) => ({ user: requireUser(request) }),
  );
}
