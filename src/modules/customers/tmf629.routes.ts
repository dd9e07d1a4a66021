/**
 * TMF629 Customer Management v5 at /tmf-api/customerManagement/v5/customer: list (fields,
 * offset/limit, X-Total-Count/X-Result-Count), retrieve, create and merge-patch, with the same
 * scope and roles as the REST API. Errors are problem+json with the TMF Error members added
 * (`@type: 'Error'`, `reason`, `message`) and fields named as the client sent them.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { DomainError } from '../../domain/errors.ts';
import { actorFor, requireUser } from '../../http/access.ts';
import { originOf, registerTmfConventions } from '../../http/tmf.ts';
import { withPageTotal } from './customers.routes.ts';
import { createCustomerBody, customerIdParams, listPage, updateCustomerBody } from './customers.schema.ts';
import { createCustomer, getCustomer, listCustomers, updateCustomer } from './customers.service.ts';
import {
  fromTmfCreate,
  fromTmfPatch,
  selectFields,
  TMF_FIELD_OF,
  TMF629_BASE,
  toTmfCustomer,
} from './customers.tmf.ts';

const listQuery = z.strictObject({
  ...listPage,
  fields: z.string().max(500).optional(),
  status: z.enum(['active', 'inactive']).optional(),
});
const fieldsQuery = z.strictObject({ fields: z.string().max(500).optional() });

/** The zod checks of the REST body, run on a mapped TMF body (same limits either way). */
function check<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({
    field: i.path.map(String).join('.') || 'body',
    message: i.message,
  }));
  throw new DomainError(
    'VALIDATION_FAILED',
    `Invalid customer: ${issues.map((i) => i.field).join(', ')}`,
    issues,
  );
}

/** `If-Match: W/"3"` (or "3") → 3; the version is otherwise the current one (last write wins). */
function ifMatchVersion(request: FastifyRequest): number | null {
  const header = request.headers['if-match'];
  if (typeof header !== 'string') return null;
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!m)
    throw new DomainError('VALIDATION_FAILED', 'If-Match must be an ETag from GET', [
      { field: 'If-Match', message: 'W/"<version>"' },
    ]);
  return Number(m[1]);
}

const etag = (version: number) => `W/"${version}"`;

export async function tmf629Routes(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(async (tmf) => {
    registerTmfConventions(tmf, TMF_FIELD_OF);

    const r = tmf.withTypeProvider<ZodTypeProvider>();
    const tags = ['TMF629 customer'];
    const path = `${TMF629_BASE}/customer`;

    r.get(
      path,
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: 'List or find Customer objects (scoped; fields, offset, limit)',
          querystring: listQuery,
        },
      },
      async (request, reply) => {
        const { limit, offset, fields, status } = request.query;
        const page = await listCustomers(deps, requireUser(request), status ? { status } : {}, {
          limit,
          offset,
          sort: 'name',
        });
        const origin = originOf(request);
        return withPageTotal(
          reply,
          page,
          page.items.map((c) => selectFields(toTmfCustomer(c, origin), fields)),
        );
      },
    );

    r.get(
      `${path}/:id`,
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: 'Retrieves a Customer by ID (ETag = version)',
          params: customerIdParams,
          querystring: fieldsQuery,
        },
      },
      async (request, reply) => {
        const view = await getCustomer(deps, requireUser(request), request.params.id);
        reply.header('ETag', etag(view.version));
        return selectFields(toTmfCustomer(view, originOf(request)), request.query.fields);
      },
    );

    r.post(
      path,
      {
        config: { access: ['admin', 'kam_manager'] },
        schema: {
          tags,
          summary: 'Creates a Customer (code, industry, regionCode as characteristics)',
          querystring: fieldsQuery,
        },
      },
      async (request, reply) => {
        const input = check(createCustomerBody, fromTmfCreate(request.body));
        const view = await createCustomer(deps, requireUser(request), actorFor(request), input);
        const body = toTmfCustomer(view, originOf(request));
        reply.header('Location', body.href).header('ETag', etag(view.version));
        return reply.status(201).send(selectFields(body, request.query.fields));
      },
    );

    r.patch(
      `${path}/:id`,
      {
        config: { access: ['admin', 'kam_manager', 'account_manager'] },
        schema: {
          tags,
          summary: 'Updates partially a Customer (JSON merge patch; tier and scores are read-only)',
          params: customerIdParams,
          querystring: fieldsQuery,
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const current = await getCustomer(deps, user, request.params.id);
        const changes = fromTmfPatch(request.body, current);
        const version = ifMatchVersion(request) ?? current.version;
        const input = check(updateCustomerBody, { ...changes, version });
        const view = await updateCustomer(deps, user, actorFor(request), request.params.id, input);
        reply.header('ETag', etag(view.version));
        return selectFields(toTmfCustomer(view, originOf(request)), request.query.fields);
      },
    );
  });
}
