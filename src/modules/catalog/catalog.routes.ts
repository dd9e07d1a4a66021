/**
 * Service standards catalog, versions, diff, channels and entitlements (PRODUCT.md §4). Every
 * signed-in role reads the catalog; only an administrator edits the draft and publishes it.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorFor, requireUser } from '../../http/access.ts';
import {
  catalogDiffView,
  catalogQuery,
  catalogVersionSummaryView,
  catalogVersionView,
  createDraftBody,
  customerEntitlementsView,
  customerEntitlementView,
  customerItemParams,
  customerParams,
  diffQuery,
  entitlementQuery,
  entitlementsQuery,
  publishBody,
  saveDraftBody,
  versionParams,
} from './catalog.schema.ts';
import {
  createDraft,
  deleteDraft,
  diffVersions,
  getCatalogInForce,
  getCatalogVersion,
  getDraft,
  listCatalogVersions,
  publishDraft,
  saveDraft,
} from './catalog.service.ts';
import { getCustomerEntitlement, listCustomerEntitlements } from './entitlements.service.ts';

export async function catalogRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const anyone = { access: 'authenticated' } as const;
  const admin = { access: ['admin'] as const };
  const tags = ['catalog'];

  r.get(
    '/api/v1/catalog',
    {
      config: anyone,
      schema: {
        tags,
        summary: 'The catalog version in force on a day (default today, Asia/Shanghai), whole',
        querystring: catalogQuery,
        response: { 200: catalogVersionView },
      },
    },
    (request) => getCatalogInForce(deps, request.query.date),
  );

  r.get(
    '/api/v1/catalog/versions',
    {
      config: anyone,
      schema: {
        tags,
        summary: 'Every catalog version (and the draft), newest first, without documents',
        response: { 200: z.array(catalogVersionSummaryView) },
      },
    },
    () => listCatalogVersions(deps),
  );

  r.get(
    '/api/v1/catalog/versions/:version',
    {
      config: anyone,
      schema: {
        tags,
        summary: 'One catalog version',
        params: versionParams,
        response: { 200: catalogVersionView },
      },
    },
    (request) => getCatalogVersion(deps, request.params.version),
  );

  r.get(
    '/api/v1/catalog/diff',
    {
      config: anyone,
      schema: {
        tags,
        summary: 'What changed between two versions (`to` may be `draft`), field by field',
        querystring: diffQuery,
        response: { 200: catalogDiffView },
      },
    },
    (request) => diffVersions(deps, request.query.from, request.query.to),
  );

  r.get(
    '/api/v1/catalog/draft',
    {
      config: anyone,
      schema: {
        tags,
        summary: 'The catalog draft (404 when there is none)',
        response: { 200: catalogVersionView },
      },
    },
    () => getDraft(deps),
  );

  r.post(
    '/api/v1/catalog/draft',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Create the single draft as a copy of a published version (default: the one in force)',
        body: createDraftBody,
        response: { 201: catalogVersionView },
      },
    },
    async (request, reply) => {
      const view = await createDraft(deps, actorFor(request), request.body?.basedOn);
      return reply.status(201).send(view);
    },
  );

  r.put(
    '/api/v1/catalog/draft',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Save the draft document (validated whole: CATALOG_INVALID names each field)',
        body: saveDraftBody,
        response: { 200: catalogVersionView },
      },
    },
    (request) => saveDraft(deps, actorFor(request), request.body.document),
  );

  r.delete(
    '/api/v1/catalog/draft',
    {
      config: admin,
      schema: { tags, summary: 'Discard the draft', response: { 204: z.null() } },
    },
    async (request, reply) => {
      await deleteDraft(deps, actorFor(request));
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/v1/catalog/draft/publish',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Publish the draft as an immutable version from an effective date (today or later)',
        body: publishBody,
        response: { 200: catalogVersionView },
      },
    },
    (request) => publishDraft(deps, actorFor(request), request.body),
  );

  r.get(
    '/api/v1/customers/:id/entitlements',
    {
      config: anyone,
      schema: {
        tags,
        summary:
          'Everything the customer is owed, with level, explanation, channels and due instants from `at`',
        params: customerParams,
        querystring: entitlementsQuery,
        response: { 200: customerEntitlementsView },
      },
    },
    (request) => listCustomerEntitlements(deps, requireUser(request), request.params.id, request.query.at),
  );

  r.get(
    '/api/v1/customers/:id/entitlements/:itemCode',
    {
      config: anyone,
      schema: {
        tags,
        summary: 'One service item for the customer (product, scope, contact role) with the full rule chain',
        params: customerItemParams,
        querystring: entitlementQuery,
        response: { 200: customerEntitlementView },
      },
    },
    (request) => {
      const { at, ...query } = request.query;
      return getCustomerEntitlement(
        deps,
        requireUser(request),
        request.params.id,
        { itemCode: request.params.itemCode, ...query },
        at,
      );
    },
  );
}
