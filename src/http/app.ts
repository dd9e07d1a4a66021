/**
 * buildApp(): the whole HTTP surface, with no port, so tests call it through `app.inject()`.
 */

import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import helmet from 'helmet';
import type { Deps } from '../deps.ts';
import { agreementsRoutes } from '../modules/agreements/agreements.routes.ts';
import { auditRoutes } from '../modules/audit/audit.routes.ts';
import { authRoutes } from '../modules/auth/auth.routes.ts';
import { calendarRoutes } from '../modules/calendar/calendar.routes.ts';
import { catalogRoutes } from '../modules/catalog/catalog.routes.ts';
import { circuitsRoutes } from '../modules/circuits/circuits.routes.ts';
import { compensationRoutes } from '../modules/compensation/compensation.routes.ts';
import { customersRoutes } from '../modules/customers/customers.routes.ts';
import { tmf629Routes } from '../modules/customers/tmf629.routes.ts';
import { deskRoutes } from '../modules/desk/desk.routes.ts';
import { importsRoutes } from '../modules/imports/imports.routes.ts';
import { notificationsRoutes } from '../modules/notifications/notifications.routes.ts';
import { ordersRoutes } from '../modules/orders/orders.routes.ts';
import { tmf622Routes } from '../modules/orders/tmf622.routes.ts';
import { orgRoutes } from '../modules/org/org.routes.ts';
import { reportsRoutes } from '../modules/reports/reports.routes.ts';
import { resourcesRoutes } from '../modules/resources/resources.routes.ts';
import { segmentsRoutes } from '../modules/segments/segments.routes.ts';
import { systemRoutes } from '../modules/system/system.routes.ts';
import { tasksRoutes } from '../modules/tasks/tasks.routes.ts';
import { ticketsRoutes } from '../modules/tickets/tickets.routes.ts';
import { tmf621Routes } from '../modules/tickets/tmf621.routes.ts';
import { tiersRoutes } from '../modules/tiers/tiers.routes.ts';
import { usersRoutes } from '../modules/users/users.routes.ts';
import { valueRoutes } from '../modules/value/value.routes.ts';
import { visitsRoutes } from '../modules/visits/visits.routes.ts';
import { registerAccessControl } from './access.ts';
import { problemOf, sendProblem, toProblem } from './problem.ts';

/** Every module's routes; a new module adds one line here. */
const MODULE_ROUTES = [
  systemRoutes,
  authRoutes,
  usersRoutes,
  orgRoutes,
  auditRoutes,
  calendarRoutes,
  customersRoutes,
  tmf629Routes,
  importsRoutes,
  valueRoutes,
  tiersRoutes,
  segmentsRoutes,
  catalogRoutes,
  tasksRoutes,
  resourcesRoutes,
  deskRoutes,
  ticketsRoutes,
  tmf621Routes,
  notificationsRoutes,
  visitsRoutes,
  circuitsRoutes,
  ordersRoutes,
  tmf622Routes,
  agreementsRoutes,
  compensationRoutes,
  reportsRoutes,
];

/** The headers `helmet(options)` sets on a response, found by running it once on a stand-in. */
function helmetHeaders(options: Parameters<typeof helmet>[0]): Record<string, string> {
  const headers: Record<string, string> = {};
  const stand = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let ran = false;
  helmet(options)({} as never, stand as never, (err?: unknown) => {
    if (err) throw err;
    ran = true;
  });
  if (!ran || Object.keys(headers).length === 0) throw new Error('helmet set no headers');
  return headers;
}

export type BuildAppOptions = { logger?: FastifyServerOptions['logger'] };

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export async function buildApp(deps: Deps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: deps.config.TRUST_PROXY,
    bodyLimit: 20 * 1024 * 1024,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', String(request.id));
  });
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => {
    done(null, body);
  });

  await app.register(cookie);
  // Security headers (helmet's defaults). Our directives are fixed, so helmet's headers are the
  // same for every request: helmet runs ONCE here and each request gets the headers it set (it
  // built its CSP string per request, ≈ 3 % of a new ticket's JavaScript time; @fastify/helmet
  // even built a new middleware per request).
  const securityHeaders = helmetHeaders({
    contentSecurityPolicy: {
      directives: {
        // antd writes its CSS-in-JS into <style> tags; ECharts may use data: images.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
      },
    },
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(securityHeaders);
    done();
  });
  await app.register(rateLimit, {
    global: false,
    // After body parsing, so that a route's key can include the username being tried.
    hook: 'preHandler',
    errorResponseBuilder: (_req, ctx) =>
      Object.assign(new Error(`Too many attempts; try again in ${Math.ceil(ctx.ttl / 1000)} s`), {
        statusCode: 429,
      }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tierline API',
        version: '0.1.0',
        description:
          'Differentiated, tiered service for telecom key accounts (大客户差异化分级服务). Errors are RFC 9457 problem+json with a stable `code`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'tierline_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  registerAccessControl(app, deps);

  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error, request);
    if (problem.code === 'RATE_LIMITED') {
      const retry = reply.getHeader('retry-after');
      if (retry !== undefined) reply.header('Retry-After', retry);
    }
    return sendProblem(reply, problem);
  });

  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  for (const routes of MODULE_ROUTES) await routes(app, deps);

  const webDist = resolve(deps.config.WEB_DIST);
  const hasWeb = existsSync(resolve(webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: true, index: 'index.html' });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const isApi = path.startsWith('/api') || path.startsWith('/tmf-api');
    if (hasWeb && request.method === 'GET' && !isApi && !/\.[a-z0-9]+$/i.test(path)) {
      // The single-page app owns every other path (client-side routes such as /calendar).
      return reply.type('text/html').sendFile('index.html');
    }
    return sendProblem(reply, problemOf('NOT_FOUND', `No route ${request.method} ${path}`, request));
  });
  return app;
}
