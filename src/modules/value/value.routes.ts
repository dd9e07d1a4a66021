/**
 * Value model endpoints (PRODUCT.md §2): the indicator catalog, value model versions (admin
 * drafts, edits and activates; everyone signed in reads), the AHP calculator and the
 * per-customer indicator inputs. Assessment runs live in assessment.routes.ts, registered here.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { DomainError } from '../../domain/errors.ts';
import { ahpWeights } from '../../domain/value/ahp.ts';
import { INDICATORS } from '../../domain/value/indicators.ts';
import { actorFor, requireUser } from '../../http/access.ts';
import { withTotal } from '../../http/list.ts';
import { assessmentRoutes } from './assessment.routes.ts';
import {
  customerIdParams,
  indicatorInputsView,
  periodQuery,
  putInputsBody,
} from './indicator-inputs.schema.ts';
import { getIndicatorInputs, putIndicatorInputs } from './indicator-inputs.service.ts';
import {
  activateModelBody,
  ahpBody,
  ahpView,
  createModelBody,
  indicatorView,
  tierPreviewBody,
  tierPreviewView,
  updateModelBody,
  valueModelView,
  versionParams,
} from './model.schema.ts';
import {
  activateModel,
  createModelDraft,
  getModelVersion,
  listModelVersions,
  updateModelDraft,
} from './model.service.ts';
import { previewTierCuts } from './tier-preview.service.ts';

/** Roles of the value model page: they may try cut points against the customers in their scope. */
const MODEL_READERS = ['admin', 'kam_manager', 'analyst', 'auditor'] as const;
/** Roles that see customers' indicator inputs (scoped); the first three may write them. */
const INPUT_READERS = ['admin', 'kam_manager', 'account_manager', 'analyst', 'auditor'] as const;
const INPUT_WRITERS = ['admin', 'kam_manager', 'account_manager'] as const;

export async function valueRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const admin = { access: ['admin'] as const };
  const anyone = { access: 'authenticated' as const };

  r.get(
    '/api/v1/indicators',
    {
      config: anyone,
      schema: {
        tags: ['value'],
        summary: 'The 17 value indicators with group, direction, source, kind and default mapping',
        response: { 200: z.array(indicatorView) },
      },
    },
    async () =>
      INDICATORS.map((i) => ({
        ...i,
        feeds: [...i.feeds],
        currentPart: i.currentPart ?? null,
        enterable: i.source === 'manual',
      })),
  );

  r.get(
    '/api/v1/value-models',
    {
      config: anyone,
      schema: {
        tags: ['value'],
        summary: 'Value model versions, newest first (the default model is published on first use)',
        response: { 200: z.array(valueModelView) },
      },
    },
    async (_request, reply) => {
      const versions = await listModelVersions(deps);
      return withTotal(reply, versions.length, versions);
    },
  );

  r.get(
    '/api/v1/value-models/:version',
    {
      config: anyone,
      schema: {
        tags: ['value'],
        summary: 'One value model version',
        params: versionParams,
        response: { 200: valueModelView },
      },
    },
    async (request) => getModelVersion(deps, request.params.version),
  );

  r.post(
    '/api/v1/value-models',
    {
      config: admin,
      schema: {
        tags: ['value'],
        summary: 'Create a draft version from a definition (validated, MODEL_INVALID names each field)',
        body: createModelBody,
        response: { 201: valueModelView },
      },
    },
    async (request, reply) => {
      const view = await createModelDraft(deps, actorFor(request), request.body);
      return reply.status(201).send(view);
    },
  );

  r.put(
    '/api/v1/value-models/:version',
    {
      config: admin,
      schema: {
        tags: ['value'],
        summary: 'Change a draft version (active and retired versions are immutable: 409)',
        params: versionParams,
        body: updateModelBody,
        response: { 200: valueModelView },
      },
    },
    async (request) => updateModelDraft(deps, actorFor(request), request.params.version, request.body),
  );

  r.post(
    '/api/v1/value-models/:version/activate',
    {
      config: admin,
      schema: {
        tags: ['value'],
        summary: 'Activate a version; the previous active one is retired (audited)',
        params: versionParams,
        body: activateModelBody,
        response: { 200: valueModelView },
      },
    },
    async (request) => activateModel(deps, actorFor(request), request.params.version, request.body?.reason),
  );

  r.post(
    '/api/v1/value-models/tier-preview',
    {
      config: { access: MODEL_READERS },
      schema: {
        tags: ['value'],
        summary:
          'Try cut points: latest totals of the customers in scope in 5-point bins, customers per class under the cuts and today, moves (nothing is written)',
        body: tierPreviewBody,
        response: { 200: tierPreviewView },
      },
    },
    async (request) => previewTierCuts(deps, requireUser(request), request.body.tiering),
  );

  r.post(
    '/api/v1/ahp',
    {
      config: anyone,
      schema: {
        tags: ['value'],
        summary: 'AHP weights of a pairwise matrix; 400 AHP_INCONSISTENT (with cr) when CR ≥ 0.10',
        body: ahpBody,
        response: { 200: ahpView },
      },
    },
    async (request) => {
      const { matrix, labels } = request.body;
      if (labels && labels.length !== matrix.length) {
        throw new DomainError('VALIDATION_FAILED', 'One label per criterion', [
          { field: 'labels', message: `Must have ${matrix.length} labels, one per matrix row` },
        ]);
      }
      const { weights, lambdaMax, ci, ri, cr } = ahpWeights(matrix);
      return {
        weights,
        lambdaMax,
        ci,
        ri,
        cr,
        ...(request.body.labels ? { labels: request.body.labels } : {}),
      };
    },
  );

  r.get(
    '/api/v1/customers/:id/indicator-inputs',
    {
      config: { access: INPUT_READERS },
      schema: {
        tags: ['value'],
        summary: "A customer's enterable indicator inputs for a period (default this month)",
        params: customerIdParams,
        querystring: periodQuery,
        response: { 200: indicatorInputsView },
      },
    },
    async (request) =>
      getIndicatorInputs(deps, requireUser(request), request.params.id, request.query.period),
  );

  r.put(
    '/api/v1/customers/:id/indicator-inputs',
    {
      config: { access: INPUT_WRITERS },
      schema: {
        tags: ['value'],
        summary:
          'Set (number) or clear (null) indicator inputs of a period; owning AM, kam_manager of the region, admin',
        params: customerIdParams,
        querystring: periodQuery,
        body: putInputsBody,
        response: { 200: indicatorInputsView },
      },
    },
    async (request) =>
      putIndicatorInputs(
        deps,
        requireUser(request),
        actorFor(request),
        request.params.id,
        request.query.period,
        request.body,
      ),
  );

  await assessmentRoutes(app, deps);
}
