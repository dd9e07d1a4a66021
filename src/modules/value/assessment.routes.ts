/**
 * Assessment runs over REST (contracts.md "Value model & assessment"):
 * POST/GET /api/v1/assessment-runs, GET /api/v1/assessment-runs/:id and the customer's history
 * GET /api/v1/customers/:id/assessments. Registered by `valueRoutes` (value.routes.ts).
 */
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assessmentRuns } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { DomainError } from '../../domain/errors.ts';
import { explainTotal } from '../../domain/value/explain.ts';
import type { IndicatorKey } from '../../domain/value/indicators.ts';
import type { ValueModelDefinition } from '../../domain/value/model.ts';
import { actorFor, requireUser } from '../../http/access.ts';
import { pageQuery, withTotal } from '../../http/list.ts';
import type { SessionUser } from '../auth/auth.service.ts';
import { customerScopeOver, loadScopedCustomer } from '../customers/customers.access.ts';
import {
  type CustomerAssessmentRow,
  findModelDefinitions,
  findRun,
  listCustomerAssessments,
  listRuns,
} from './assessment.repo.ts';
import { requestAssessment, runView } from './assessment.service.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date YYYY-MM-DD');

export const startRunBody = z.strictObject({
  customerId: z.uuid().optional(),
  asOf: day.optional(),
});

export const runViewSchema = z.object({
  id: z.string(),
  modelVersion: z.number(),
  asOf: z.string(),
  scope: z.string(),
  customerId: z.string().nullable(),
  trigger: z.string(),
  status: z.string(),
  total: z.number(),
  done: z.number(),
  proposals: z.number(),
  error: z.string().nullable(),
  startedBy: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const assessmentViewSchema = z.object({
  id: z.number(),
  runId: z.string(),
  customerId: z.string(),
  modelVersion: z.number(),
  asOf: z.string(),
  currentValue: z.number().nullable(),
  directValue: z.number().nullable(),
  addedValue: z.number().nullable(),
  potentialValue: z.number().nullable(),
  loyalty: z.number().nullable(),
  influence: z.number().nullable(),
  total: z.number().nullable(),
  indicatedTier: z.string().nullable(),
  indicatedGroupClass: z.string().nullable(),
  scores: z.record(z.string(), z.object({ raw: z.number(), score: z.number() })),
  missing: z.array(z.string()),
  createdAt: z.string(),
  /** The run's status: 'failed' with runError 'interrupted' when its process stopped mid-run. */
  runStatus: z.string(),
  runError: z.string().nullable(),
  /** Why the total: each scored indicator's effective weight in it and weight × score. */
  breakdown: z.array(
    z.object({
      indicator: z.string(),
      raw: z.number(),
      score: z.number(),
      weight: z.number(),
      contribution: z.number(),
    }),
  ),
});

function assessmentView(
  row: CustomerAssessmentRow,
  definition: unknown,
): z.infer<typeof assessmentViewSchema> {
  const scores = row.scores as Record<IndicatorKey, { raw: number; score: number }>;
  return {
    id: row.id,
    runId: row.runId,
    customerId: row.customerId,
    modelVersion: row.modelVersion,
    asOf: row.asOf,
    currentValue: row.currentValue,
    directValue: row.directValue,
    addedValue: row.addedValue,
    potentialValue: row.potentialValue,
    loyalty: row.loyalty,
    influence: row.influence,
    total: row.total,
    indicatedTier: row.indicatedTier,
    indicatedGroupClass: row.indicatedGroupClass,
    scores,
    missing: row.missing as string[],
    createdAt: row.createdAt.toISOString(),
    runStatus: row.runStatus,
    runError: row.runError,
    breakdown: definition ? explainTotal(scores, definition as ValueModelDefinition) : [],
  };
}

const RUN_ROLES = ['admin', 'kam_manager', 'analyst', 'account_manager'] as const;
const READ_ROLES = ['admin', 'kam_manager', 'analyst', 'auditor', 'account_manager'] as const;
const ALL_ROLES = ['admin', 'kam_manager', 'analyst'] as const;

/**
 * Runs the caller may see: runs for everyone, and one-customer runs of customers in its scope.
 */
function visibleRuns(user: SessionUser): SQL {
  const inScope = customerScopeOver(user, {
    accountManagerId: sql`c.account_manager_id`,
    regionCode: sql`c.region_code`,
  });
  return sql`(${assessmentRuns.scope} = 'all' or exists (select 1 from customers c
    where c.id::text = ${assessmentRuns.scope} and ${inScope}))`;
}

export async function assessmentRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/assessment-runs',
    {
      config: { access: RUN_ROLES },
      schema: {
        tags: ['value'],
        summary:
          'Start an assessment run for everyone (admin, kam_manager, analyst) or one customer; 202, runs in the background',
        body: startRunBody,
        querystring: z.strictObject({ wait: z.enum(['true', 'false']).optional() }),
        response: { 202: runViewSchema },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { customerId, asOf } = request.body;
      if (customerId) await loadScopedCustomer(deps.db, user, customerId);
      else if (!(ALL_ROLES as readonly string[]).includes(user.role)) {
        throw new DomainError('FORBIDDEN', 'Only admin, kam_manager and analyst assess all customers');
      }
      const run = await requestAssessment(
        deps,
        actorFor(request),
        { asOf, customerId: customerId ?? null, trigger: 'manual' },
        {
          wait: request.query.wait === 'true',
          onError: (err) => request.log.error({ err }, 'assessment run crashed'),
        },
      );
      return reply.status(202).send(runView(run));
    },
  );

  r.get(
    '/api/v1/assessment-runs',
    {
      config: { access: READ_ROLES },
      schema: {
        tags: ['value'],
        summary: 'Assessment runs, newest first (X-Total-Count)',
        querystring: z.strictObject({ ...pageQuery }),
        response: { 200: z.array(runViewSchema) },
      },
    },
    async (request, reply) => {
      const { limit, offset } = request.query;
      const page = await listRuns(deps.db, visibleRuns(requireUser(request)), { limit, offset });
      return withTotal(reply, page.total, page.items.map(runView));
    },
  );

  r.get(
    '/api/v1/assessment-runs/:id',
    {
      config: { access: READ_ROLES },
      schema: {
        tags: ['value'],
        summary: 'One assessment run with its progress (done of total)',
        params: z.strictObject({ id: z.uuid() }),
        response: { 200: runViewSchema },
      },
    },
    async (request) => {
      const run = await findRun(deps.db, request.params.id);
      if (!run) throw new DomainError('NOT_FOUND', `No assessment run ${request.params.id}`);
      if (run.scope !== 'all') {
        // a one-customer run is visible only to those who may see the customer
        const visible = await deps.db
          .select({ id: assessmentRuns.id })
          .from(assessmentRuns)
          .where(and(eq(assessmentRuns.id, run.id), visibleRuns(requireUser(request))));
        if (visible.length === 0)
          throw new DomainError('NOT_FOUND', `No assessment run ${request.params.id}`);
      }
      return runView(run);
    },
  );

  r.get(
    '/api/v1/customers/:id/assessments',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['value'],
        summary:
          "A customer's assessment history, newest first: per-indicator scores, each indicator's weight in the total and contribution, missing indicators, the run's status",
        params: z.strictObject({ id: z.uuid() }),
        querystring: z.strictObject({ ...pageQuery }),
        response: { 200: z.array(assessmentViewSchema) },
      },
    },
    async (request, reply) => {
      const customer = await loadScopedCustomer(deps.db, requireUser(request), request.params.id);
      const { limit, offset } = request.query;
      const page = await listCustomerAssessments(deps.db, customer.id, { limit, offset });
      const models = await findModelDefinitions(deps.db, [...new Set(page.items.map((a) => a.modelVersion))]);
      return withTotal(
        reply,
        page.total,
        page.items.map((a) => assessmentView(a, models.get(a.modelVersion))),
      );
    },
  );
}
