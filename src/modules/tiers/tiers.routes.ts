/**
 * Tier workflow routes (PRODUCT.md §2 "Tiers"): the proposal inbox, approve / reject / bulk
 * approve (kam_manager in its region, admin), manual override requests, tier history, loss
 * equivalence, its segment averages (configured and measured) and the segment billing behind them.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorFor, requireUser } from '../../http/access.ts';
import { withTotal } from '../../http/list.ts';
import {
  getTierSettings,
  listSegmentBilling,
  lossEquivalence,
  saveSegmentBilling,
  updateTierSettings,
} from './loss-equivalence.service.ts';
import {
  approveBody,
  bulkApproveBody,
  bulkApproveView,
  idParams,
  listProposalsQuery,
  lossEquivalenceView,
  overrideBody,
  proposalView,
  rejectBody,
  segmentBillingBody,
  segmentBillingQuery,
  segmentBillingView,
  tierChangeView,
  tierSettingsBody,
  tierSettingsView,
} from './tiers.schema.ts';
import {
  approveProposal,
  bulkApprove,
  getProposal,
  listProposalsFor,
  rejectProposal,
  requestOverride,
  tierHistory,
} from './tiers.service.ts';

export async function tiersRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const readers = { access: ['admin', 'kam_manager', 'account_manager', 'analyst', 'auditor'] as const };
  const deciders = { access: ['admin', 'kam_manager'] as const };
  const tags = ['tiers'];

  r.get(
    '/api/v1/tier-proposals',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Tier proposals in scope, newest first (X-Total-Count)',
        querystring: listProposalsQuery,
        response: { 200: z.array(proposalView) },
      },
    },
    async (request, reply) => {
      const { limit, offset, ...filter } = request.query;
      const page = await listProposalsFor(deps, requireUser(request), filter, { limit, offset });
      return withTotal(reply, page.total, page.items);
    },
  );

  r.post(
    '/api/v1/tier-proposals/bulk-approve',
    {
      config: deciders,
      schema: {
        tags,
        summary: 'Approve several proposals, all or nothing (each failing id is listed)',
        body: bulkApproveBody,
        response: { 200: bulkApproveView },
      },
    },
    (request) =>
      bulkApprove(deps, requireUser(request), actorFor(request), request.body.ids, request.body.reason),
  );

  r.get(
    '/api/v1/tier-proposals/:id',
    {
      config: readers,
      schema: { tags, summary: 'One tier proposal', params: idParams, response: { 200: proposalView } },
    },
    (request) => getProposal(deps, requireUser(request), request.params.id),
  );

  r.post(
    '/api/v1/tier-proposals/:id/approve',
    {
      config: deciders,
      schema: {
        tags,
        summary: 'Approve a proposal: the customer gets the tier from the effective date (default today)',
        params: idParams,
        body: approveBody,
        response: { 200: proposalView },
      },
    },
    (request) =>
      approveProposal(deps, requireUser(request), actorFor(request), request.params.id, request.body),
  );

  r.post(
    '/api/v1/tier-proposals/:id/reject',
    {
      config: deciders,
      schema: {
        tags,
        summary: 'Reject a proposal with a reason',
        params: idParams,
        body: rejectBody,
        response: { 200: proposalView },
      },
    },
    (request) =>
      rejectProposal(deps, requireUser(request), actorFor(request), request.params.id, request.body.reason),
  );

  r.post(
    '/api/v1/customers/:id/tier-override',
    {
      config: { access: ['admin', 'kam_manager', 'account_manager'] as const },
      schema: {
        tags,
        summary: 'Request a manual tier change (needs approval by another kam_manager or admin)',
        params: idParams,
        body: overrideBody,
        response: { 201: proposalView },
      },
    },
    async (request, reply) => {
      const proposal = await requestOverride(
        deps,
        requireUser(request),
        actorFor(request),
        request.params.id,
        request.body,
      );
      return reply.status(201).send(proposal);
    },
  );

  r.get(
    '/api/v1/customers/:id/tier-history',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Tier changes, newest first',
        params: idParams,
        response: { 200: z.array(tierChangeView) },
      },
    },
    (request) => tierHistory(deps, requireUser(request), request.params.id),
  );

  r.get(
    '/api/v1/customers/:id/loss-equivalence',
    {
      config: readers,
      schema: {
        tags,
        summary: 'How many commercial / public customers this customer’s revenue equals',
        params: idParams,
        response: { 200: lossEquivalenceView },
      },
    },
    (request) => lossEquivalence(deps, requireUser(request), request.params.id),
  );

  r.get(
    '/api/v1/tiers/settings',
    {
      config: readers,
      schema: {
        tags,
        summary:
          'Segment averages for loss equivalence: configured, and measured over the trailing 12 months',
        response: { 200: tierSettingsView },
      },
    },
    (request) => getTierSettings(deps, requireUser(request)),
  );

  r.put(
    '/api/v1/tiers/settings',
    {
      config: { access: ['admin'] as const },
      schema: {
        tags,
        summary: 'Type the segment averages in, or adopt the measured ones (audited with the reason)',
        body: tierSettingsBody,
        response: { 200: tierSettingsView },
      },
    },
    (request) => updateTierSettings(deps, requireUser(request), actorFor(request), request.body),
  );

  r.get(
    '/api/v1/tiers/segment-billing',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Monthly billing totals of the commercial and public segments, newest first',
        querystring: segmentBillingQuery,
        response: { 200: z.array(segmentBillingView) },
      },
    },
    (request) => listSegmentBilling(deps, request.query),
  );

  r.put(
    '/api/v1/tiers/segment-billing',
    {
      config: { access: ['admin'] as const },
      schema: {
        tags,
        summary: 'Store segment billing months, all or nothing (each row audited with the reason)',
        body: segmentBillingBody,
        response: { 200: z.array(segmentBillingView) },
      },
    },
    (request) => saveSegmentBilling(deps, actorFor(request), request.body),
  );
}
