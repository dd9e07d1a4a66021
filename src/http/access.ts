/**
 * Deny by default: every route must say who may call it (`config.access`), or the server
 * refuses to start. The onRequest hook resolves the session (cookie or bearer) and enforces it.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Actor } from '../db/audit.ts';
import type { Deps } from '../deps.ts';
import type { Role } from '../domain/access.ts';
import { DomainError } from '../domain/errors.ts';
import { actorOf, resolveSession, type SessionUser } from '../modules/auth/auth.service.ts';

/** `public`: anyone; `authenticated`: any signed-in user; a role list: only those roles. */
export type Access = 'public' | 'authenticated' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    user: SessionUser | null;
    sessionToken: string | null;
  }
}

export const SESSION_COOKIE = 'tierline_session';

/** Paths registered by plugins (docs UI, static files) that are public by nature. */
const PUBLIC_PLUGIN_PREFIXES = ['/api/docs', '/assets/', '/favicon', '/locales/'];

export function tokenOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || null;
  return request.cookies?.[SESSION_COOKIE] ?? null;
}

/** The signed-in user or a 401. */
export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw new DomainError('UNAUTHENTICATED', 'Sign in first');
  return request.user;
}

export function actorFor(request: FastifyRequest): Actor {
  return actorOf(requireUser(request), String(request.id));
}

export function registerAccessControl(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('user', null);
  app.decorateRequest('sessionToken', null);

  app.addHook('onRoute', (route: RouteOptions) => {
    const config = (route.config ?? {}) as { access?: Access };
    if (config.access !== undefined) return;
    const url = route.url ?? '';
    if (PUBLIC_PLUGIN_PREFIXES.some((p) => url.startsWith(p)) || url === '/' || url === '/*') {
      route.config = { ...(route.config ?? {}), access: 'public' } as typeof route.config;
      return;
    }
    throw new Error(`Route ${String(route.method)} ${url} declares no access; add config.access`);
  });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access;
    if (access === undefined) {
      // 404 handler and anything unrouted: nothing to protect, nothing to resolve.
      return;
    }
    const token = tokenOf(request);
    if (token) {
      request.user = await resolveSession(deps, token);
      if (request.user) request.sessionToken = token;
    }
    if (access === 'public') return;
    if (!request.user) throw new DomainError('UNAUTHENTICATED', 'Sign in first');
    if (access !== 'authenticated' && !access.includes(request.user.role)) {
      throw new DomainError('FORBIDDEN', `The role ${request.user.role} may not do this`);
    }
  });
}
