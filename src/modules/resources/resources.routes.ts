/**
 * Service resources, per-level budgets and the ledger (PRODUCT.md §4 "Resources"): resources
 * (admin edits), budgets with usage (admin and kam_manager set and adjust), issuing to a customer
 * in scope (account manager, kam_manager, admin), returns, the ledger and a customer's resources.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorFor, requireUser } from '../../http/access.ts';
import { withTotal } from '../../http/list.ts';
import {
  adjustBudgetBody,
  budgetView,
  copyBudgetsBody,
  copyBudgetsView,
  createResourceBody,
  customerResourcesQuery,
  customerResourcesView,
  idParams,
  issueBody,
  issueView,
  ledgerView,
  listBudgetsQuery,
  listLedgerQuery,
  listResourcesQuery,
  resourceView,
  returnBody,
  setBudgetBody,
  updateResourceBody,
} from './resources.schema.ts';
import {
  adjustBudget,
  changeResource,
  copyBudgetsTo,
  createResource,
  customerResources,
  issueResource,
  listBudgetsFor,
  listLedgerFor,
  listResourcesFor,
  returnResource,
  setBudget,
} from './resources.service.ts';

export async function resourcesRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const readers = { access: ['admin', 'kam_manager', 'account_manager', 'analyst', 'auditor'] as const };
  const issuers = { access: ['admin', 'kam_manager', 'account_manager'] as const };
  const budgeters = { access: ['admin', 'kam_manager'] as const };
  const admins = { access: ['admin'] as const };
  const tags = ['resources'];

  r.get(
    '/api/v1/resources',
    {
      config: readers,
      schema: {
        tags,
        summary:
          'Resources (gifts, vouchers, consumables, spare equipment) with the service items they serve',
        querystring: listResourcesQuery,
        response: { 200: z.array(resourceView) },
      },
    },
    (request) => {
      const { active, ...rest } = request.query;
      return listResourcesFor(deps, { ...rest, ...(active ? { active: active === 'true' } : {}) });
    },
  );

  r.post(
    '/api/v1/resources',
    {
      config: admins,
      schema: {
        tags,
        summary: 'Create a resource (service item codes must be in the catalog in force)',
        body: createResourceBody,
        response: { 201: resourceView },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createResource(deps, actorFor(request), request.body)),
  );

  r.patch(
    '/api/v1/resources/:id',
    {
      config: admins,
      schema: {
        tags,
        summary: 'Change a resource (its code stays)',
        params: idParams,
        body: updateResourceBody,
        response: { 200: resourceView },
      },
    },
    (request) => changeResource(deps, actorFor(request), request.params.id, request.body),
  );

  r.get(
    '/api/v1/resources/budgets',
    {
      config: readers,
      schema: {
        tags,
        summary:
          'Budgets with usage and what is left: of one period key, or those in force on a day (default today)',
        querystring: listBudgetsQuery,
        response: { 200: z.array(budgetView) },
      },
    },
    (request) => listBudgetsFor(deps, request.query),
  );

  r.put(
    '/api/v1/resources/budgets',
    {
      config: budgeters,
      schema: {
        tags,
        summary: 'Set the budget of a resource for a level and period (not below what is used)',
        body: setBudgetBody,
        response: { 200: budgetView },
      },
    },
    (request) => setBudget(deps, actorFor(request), request.body),
  );

  r.post(
    '/api/v1/resources/budgets/copy',
    {
      config: budgeters,
      schema: {
        tags,
        summary:
          'Copy the budgets of a period to another of the same kind (used 0); budgets the target already has are skipped',
        body: copyBudgetsBody,
        response: { 200: copyBudgetsView },
      },
    },
    (request) => copyBudgetsTo(deps, actorFor(request), request.body),
  );

  r.post(
    '/api/v1/resources/budgets/:id/adjust',
    {
      config: budgeters,
      schema: {
        tags,
        summary: 'Stock-take adjustment of a budget’s usage (+ taken, − given back), written to the ledger',
        params: idParams,
        body: adjustBudgetBody,
        response: { 201: ledgerView },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await adjustBudget(deps, actorFor(request), request.params.id, request.body)),
  );

  r.post(
    '/api/v1/resources/issue',
    {
      config: issuers,
      schema: {
        tags,
        summary:
          'Issue a resource to a customer: the customer’s tier decides the budget; over budget → 409 with remaining',
        body: issueBody,
        response: { 201: issueView },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await issueResource(deps, requireUser(request), actorFor(request), request.body)),
  );

  r.get(
    '/api/v1/resources/ledger',
    {
      config: readers,
      schema: {
        tags,
        summary: 'The ledger in scope, newest first (X-Total-Count)',
        querystring: listLedgerQuery,
        response: { 200: z.array(ledgerView) },
      },
    },
    async (request, reply) => {
      const { limit, offset, ...query } = request.query;
      const page = await listLedgerFor(deps, requireUser(request), query, { limit, offset });
      return withTotal(reply, page.total, page.items);
    },
  );

  r.post(
    '/api/v1/resources/ledger/:id/return',
    {
      config: issuers,
      schema: {
        tags,
        summary: 'Return (part of) an issue; the quantity goes back to the budgets it drew on',
        params: idParams,
        body: returnBody,
        response: { 201: ledgerView },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await returnResource(
            deps,
            requireUser(request),
            actorFor(request),
            request.params.id,
            request.body,
          ),
        ),
  );

  r.get(
    '/api/v1/customers/:id/resources',
    {
      config: readers,
      schema: {
        tags,
        summary: 'What the customer received (totals and entries) and what its level may still receive today',
        params: idParams,
        querystring: customerResourcesQuery,
        response: { 200: customerResourcesView },
      },
    },
    (request) => customerResources(deps, requireUser(request), request.params.id, request.query.limit),
  );
}
