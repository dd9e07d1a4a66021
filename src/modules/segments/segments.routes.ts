/**
 * Segmentation routes (PRODUCT.md §3): thresholds, the three matrices, the analysis by industry
 * and region, and a customer's satisfaction / RSL / share of wallet per period.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorFor, requireUser } from '../../http/access.ts';
import { withTotal } from '../../http/list.ts';
import {
  idParams,
  matrixQuery,
  matrixView,
  missingQuery,
  missingView,
  satisfactionBody,
  satisfactionView,
  summaryQuery,
  summaryView,
  thresholdsBody,
  thresholdsView,
} from './segments.schema.ts';
import {
  computeMatrix,
  computeSummary,
  listMissing,
  readThresholds,
  satisfactionHistory,
  saveSatisfaction,
  updateThresholds,
} from './segments.service.ts';

export async function segmentsRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const readers = { access: ['admin', 'kam_manager', 'account_manager', 'analyst', 'auditor'] as const };
  const tags = ['segments'];

  r.get(
    '/api/v1/segments/settings',
    {
      config: readers,
      schema: { tags, summary: 'Segmentation thresholds', response: { 200: thresholdsView } },
    },
    () => readThresholds(deps.db),
  );

  r.put(
    '/api/v1/segments/settings',
    {
      config: { access: ['admin', 'kam_manager'] as const },
      schema: {
        tags,
        summary: 'Change the thresholds (scores 0–100, wallet share 0–1, RSL > 0); audited',
        body: thresholdsBody,
        response: { 200: thresholdsView },
      },
    },
    (request) => updateThresholds(deps, actorFor(request), request.body),
  );

  r.get(
    '/api/v1/segments/matrix',
    {
      config: readers,
      schema: {
        tags,
        summary: 'One segmentation matrix: points, quadrant counts and strategies, missing count',
        querystring: matrixQuery,
        response: { 200: matrixView },
      },
    },
    (request) => {
      const { kind, ...filter } = request.query;
      return computeMatrix(deps, requireUser(request), kind, filter);
    },
  );

  r.get(
    '/api/v1/segments/missing',
    {
      config: readers,
      schema: {
        tags,
        summary: 'The customers a matrix counts as missing, with what they lack (by code; X-Total-Count)',
        querystring: missingQuery,
        response: { 200: z.array(missingView) },
      },
    },
    async (request, reply) => {
      const { kind, limit, offset, ...filter } = request.query;
      const page = await listMissing(deps, requireUser(request), kind, filter, { limit, offset });
      return withTotal(reply, page.total, page.items);
    },
  );

  r.get(
    '/api/v1/segments/summary',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Analysis by industry or region: customers, averages, revenue, tiers, quadrants',
        querystring: summaryQuery,
        response: { 200: summaryView },
      },
    },
    (request) => {
      const { by, ...filter } = request.query;
      return computeSummary(deps, requireUser(request), by, filter);
    },
  );

  r.get(
    '/api/v1/customers/:id/satisfaction',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Satisfaction, competitor satisfaction, RSL and share of wallet per period, newest first',
        params: idParams,
        response: { 200: z.array(satisfactionView) },
      },
    },
    (request) => satisfactionHistory(deps, requireUser(request), request.params.id),
  );

  r.put(
    '/api/v1/customers/:id/satisfaction',
    {
      config: { access: ['admin', 'kam_manager', 'account_manager'] as const },
      schema: {
        tags,
        summary: 'Enter one period’s satisfaction values (audited)',
        params: idParams,
        body: satisfactionBody,
        response: { 200: satisfactionView },
      },
    },
    (request) =>
      saveSatisfaction(deps, requireUser(request), actorFor(request), request.params.id, request.body),
  );
}
