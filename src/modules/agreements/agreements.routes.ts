/**
 * SLA agreements, versions, settings, outages and measurements (PRODUCT.md §6):
 * /api/v1/agreements…, /api/v1/outages…, /api/v1/customers/:id/agreements,
 * /api/v1/circuits/:id/availability.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { ROLES } from '../../domain/access.ts';
import { actorFor, requireUser } from '../../http/access.ts';
import { withTotal } from '../../http/list.ts';
import {
  agreementDetail,
  agreementView,
  availabilityQuery,
  circuitAvailabilityView,
  createAgreementBody,
  idParams,
  listAgreementsQuery,
  listOutagesQuery,
  measureBody,
  measurementsQuery,
  measurementView,
  measureResult,
  optionalReasonBody,
  outageBody,
  outagePatchBody,
  outageView,
  reasonBody,
  settingsSchema,
  versionBody,
  versionParams,
} from './agreements.schema.ts';
import {
  createAgreement,
  createVersion,
  decideVersion,
  getAgreementDetail,
  getSlaSettings,
  listAgreementsFor,
  listCustomerAgreements,
  putSlaSettings,
  terminateAgreement,
  updateVersion,
} from './agreements.service.ts';
import { circuitAvailability, listAgreementMeasurements, measureMonth } from './measurement.service.ts';
import { createOutage, getOutage, listOutagesFor, patchOutage } from './outages.service.ts';

export async function agreementsRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const everyone = { access: ROLES };
  const editors = { access: ['admin', 'kam_manager', 'account_manager'] as const };
  const deciders = { access: ['admin', 'kam_manager'] as const };
  const ops = { access: ['admin', 'ops_engineer'] as const };
  const measurers = { access: ['admin', 'kam_manager', 'ops_engineer'] as const };
  const tags = ['agreements'];

  r.get(
    '/api/v1/agreements',
    {
      config: everyone,
      schema: {
        tags,
        summary: 'SLA agreements in scope (filters customerId, status, kind, pending, q; X-Total-Count)',
        querystring: listAgreementsQuery,
        response: { 200: z.array(agreementView) },
      },
    },
    async (request, reply) => {
      const { limit, offset, pending, ...filter } = request.query;
      const page = await listAgreementsFor(
        deps,
        requireUser(request),
        { ...filter, pending: pending === undefined ? undefined : pending === 'true' },
        { limit, offset },
      );
      return withTotal(reply, page.total, page.items);
    },
  );

  r.post(
    '/api/v1/agreements',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Create an agreement for a customer in scope, with version 1 as a draft',
        body: createAgreementBody,
        response: { 201: agreementDetail },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const id = await createAgreement(deps, user, actorFor(request), request.body);
      return reply.code(201).send(await getAgreementDetail(deps, user, id));
    },
  );

  r.get(
    '/api/v1/agreements/settings',
    {
      config: everyone,
      schema: {
        tags,
        summary: 'Default targets per SLA class and default compensation terms',
        response: { 200: settingsSchema },
      },
    },
    () => getSlaSettings(deps.db),
  );

  r.put(
    '/api/v1/agreements/settings',
    {
      config: { access: ['admin'] as const },
      schema: {
        tags,
        summary: 'Change the default targets and terms (admin)',
        body: settingsSchema,
        response: { 200: settingsSchema },
      },
    },
    (request) => putSlaSettings(deps, actorFor(request), request.body),
  );

  r.post(
    '/api/v1/agreements/measure',
    {
      config: measurers,
      schema: {
        tags,
        summary:
          'Measure a month (all agreements in force, or one): availability, restore times, slips on breach',
        body: measureBody,
        response: { 200: measureResult },
      },
    },
    (request) => measureMonth(deps, actorFor(request), request.body, requireUser(request)),
  );

  r.get(
    '/api/v1/agreements/:id',
    {
      config: everyone,
      schema: {
        tags,
        summary: 'An agreement with its versions and circuits',
        params: idParams,
        response: { 200: agreementDetail },
      },
    },
    (request) => getAgreementDetail(deps, requireUser(request), request.params.id),
  );

  r.post(
    '/api/v1/agreements/:id/versions',
    {
      config: editors,
      schema: {
        tags,
        summary: 'A new draft version (409 CONFLICT while another is draft or pending)',
        params: idParams,
        body: versionBody,
        response: { 201: agreementDetail },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      await createVersion(deps, user, actorFor(request), request.params.id, request.body);
      return reply.code(201).send(await getAgreementDetail(deps, user, request.params.id));
    },
  );

  r.put(
    '/api/v1/agreements/:id/versions/:v',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Replace the terms of a draft version (409 ILLEGAL_TRANSITION otherwise)',
        params: versionParams,
        body: versionBody,
        response: { 200: agreementDetail },
      },
    },
    async (request) => {
      const user = requireUser(request);
      await updateVersion(deps, user, actorFor(request), request.params.id, request.params.v, request.body);
      return getAgreementDetail(deps, user, request.params.id);
    },
  );

  r.post(
    '/api/v1/agreements/:id/versions/:v/submit',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Submit a draft for approval',
        params: versionParams,
        response: { 200: agreementDetail },
      },
    },
    async (request) => {
      const user = requireUser(request);
      await decideVersion(deps, user, actorFor(request), request.params.id, request.params.v, 'submit', null);
      return getAgreementDetail(deps, user, request.params.id);
    },
  );

  r.post(
    '/api/v1/agreements/:id/versions/:v/approve',
    {
      config: deciders,
      schema: {
        tags,
        summary:
          'Approve a pending version: it becomes current and its circuits covered (403 SELF_APPROVAL, 409)',
        params: versionParams,
        body: optionalReasonBody,
        response: { 200: agreementDetail },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const reason = request.body?.reason ?? null;
      await decideVersion(
        deps,
        user,
        actorFor(request),
        request.params.id,
        request.params.v,
        'approve',
        reason || null,
      );
      return getAgreementDetail(deps, user, request.params.id);
    },
  );

  r.post(
    '/api/v1/agreements/:id/versions/:v/reject',
    {
      config: deciders,
      schema: {
        tags,
        summary: 'Reject a pending version with a reason',
        params: versionParams,
        body: reasonBody,
        response: { 200: agreementDetail },
      },
    },
    async (request) => {
      const user = requireUser(request);
      await decideVersion(
        deps,
        user,
        actorFor(request),
        request.params.id,
        request.params.v,
        'reject',
        request.body.reason,
      );
      return getAgreementDetail(deps, user, request.params.id);
    },
  );

  r.post(
    '/api/v1/agreements/:id/terminate',
    {
      config: deciders,
      schema: {
        tags,
        summary: 'Terminate an agreement (its circuits lose the level)',
        params: idParams,
        body: reasonBody,
        response: { 200: agreementDetail },
      },
    },
    async (request) => {
      const user = requireUser(request);
      await terminateAgreement(deps, user, actorFor(request), request.params.id, request.body.reason);
      return getAgreementDetail(deps, user, request.params.id);
    },
  );

  r.get(
    '/api/v1/agreements/:id/measurements',
    {
      config: everyone,
      schema: {
        tags,
        summary: 'Monthly measurements of the covered circuits (from/to YYYY-MM)',
        params: idParams,
        querystring: measurementsQuery,
        response: { 200: z.array(measurementView) },
      },
    },
    (request) => listAgreementMeasurements(deps, requireUser(request), request.params.id, request.query),
  );

  r.get(
    '/api/v1/customers/:id/agreements',
    {
      config: everyone,
      schema: {
        tags,
        summary: "A customer's agreements",
        params: idParams,
        response: { 200: z.array(agreementView) },
      },
    },
    (request) => listCustomerAgreements(deps, requireUser(request), request.params.id),
  );

  r.get(
    '/api/v1/circuits/:id/availability',
    {
      config: everyone,
      schema: {
        tags,
        summary:
          "A circuit's monthly availability against its level's target (stored measurements, else computed now)",
        params: idParams,
        querystring: availabilityQuery,
        response: { 200: circuitAvailabilityView },
      },
    },
    (request) => circuitAvailability(deps, requireUser(request), request.params.id, request.query.months),
  );

  r.get(
    '/api/v1/outages',
    {
      config: everyone,
      schema: {
        tags: ['outages'],
        summary:
          'Outages in scope (filters circuitId, customerId, agreementId, month, open, source; X-Total-Count)',
        querystring: listOutagesQuery,
        response: { 200: z.array(outageView) },
      },
    },
    async (request, reply) => {
      const page = await listOutagesFor(deps, requireUser(request), request.query);
      return withTotal(reply, page.total, page.items);
    },
  );

  r.post(
    '/api/v1/outages',
    {
      config: ops,
      schema: {
        tags: ['outages'],
        summary: 'Record an outage (400 INVALID_RANGE when it ends before it starts, 409 OUTAGE_OVERLAP)',
        body: outageBody,
        response: { 201: outageView },
      },
    },
    async (request, reply) => {
      const view = await createOutage(deps, requireUser(request), actorFor(request), request.body);
      return reply.code(201).send(view);
    },
  );

  r.get(
    '/api/v1/outages/:id',
    {
      config: everyone,
      schema: { tags: ['outages'], summary: 'One outage', params: idParams, response: { 200: outageView } },
    },
    (request) => getOutage(deps, requireUser(request), request.params.id),
  );

  r.patch(
    '/api/v1/outages/:id',
    {
      config: ops,
      schema: {
        tags: ['outages'],
        summary: 'Change an outage (restore it, correct instants, exclude it)',
        params: idParams,
        body: outagePatchBody,
        response: { 200: outageView },
      },
    },
    (request) => patchOutage(deps, requireUser(request), actorFor(request), request.params.id, request.body),
  );
}
