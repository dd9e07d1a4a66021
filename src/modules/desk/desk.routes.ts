/**
 * The service-desk configuration (versions, draft, publish) and the SLA clocks of tickets
 * (PRODUCT.md §7): /api/v1/desk/config…, /api/v1/tickets/:id/clocks, recompute.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorFor, requireUser } from '../../http/access.ts';
import {
  deleteDeskConfigDraft,
  getDeskConfigOverview,
  getDeskConfigVersionView,
  publishDeskConfigDraft,
  saveDeskConfigDraft,
} from './desk-config.service.ts';
// Registers the recompute of open tickets' clocks after a calendar import (with the app, not only the jobs).
import './calendar-clocks.service.ts';
import { getTicketClocks, recomputeOpenTickets, recomputeTicketClocks } from './sla.service.ts';

const instant = z.iso.datetime({ offset: true });
const document = z
  .record(z.string(), z.unknown())
  .describe('DeskConfig: stages, routes, definitions, visits');

const versionView = z.object({
  version: z.number(),
  status: z.enum(['draft', 'published']),
  effectiveFrom: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publishedBy: z.string().nullable(),
  note: z.string().nullable(),
  document,
});
const draftView = z.object({
  version: z.number(),
  note: z.string().nullable(),
  document,
  createdBy: z.string(),
  createdAt: z.string(),
});
const overviewView = z.object({
  current: versionView.omit({ status: true }),
  versions: z.array(versionView.omit({ document: true })),
  draft: draftView.nullable(),
});

export const clockView = z.object({
  id: z.number(),
  definitionCode: z.string(),
  name: z.string(),
  nameEn: z.string(),
  kind: z.enum(['customer', 'internal']),
  /** A stage's response limit (taken by someone) or resolution limit (handled); null: the customer's SLA. */
  measure: z.enum(['response', 'resolution']).nullable(),
  stageCode: z.string().nullable(),
  departmentCode: z.string().nullable(),
  cycle: z.number(),
  stage: z.enum(['inProgress', 'paused', 'completed', 'cancelled']),
  startedAt: z.string(),
  stoppedAt: z.string().nullable(),
  targetAt: z.string().nullable(),
  limitMinutes: z.number(),
  elapsedMinutes: z.number(),
  remainingMinutes: z.number(),
  percent: z.number(),
  breached: z.boolean(),
  breachedAt: z.string().nullable(),
  /** Elapsed or target past the loaded calendar horizon: an estimate until that year is imported. */
  provisional: z.boolean(),
  escalationLevel: z.number(),
  clock: z.enum(['24x7', 'business']),
  limitSource: z.record(z.string(), z.unknown()).nullable(),
  deskConfigVersion: z.number(),
});

const ticketParams = z.strictObject({ id: z.uuid() });
const recomputeBody = z.strictObject({ toCurrentVersion: z.boolean().optional() }).optional();

export async function deskRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const readers = {
    access: ['admin', 'kam_manager', 'frontdesk', 'ops_engineer', 'analyst', 'auditor'] as const,
  };
  const editors = { access: ['admin', 'kam_manager'] as const };
  const tags = ['desk'];

  r.get(
    '/api/v1/desk/config',
    {
      config: readers,
      schema: {
        tags,
        summary: 'The desk configuration in force, every version and the draft',
        response: { 200: overviewView },
      },
    },
    () => getDeskConfigOverview(deps),
  );

  r.get(
    '/api/v1/desk/config/versions/:version',
    {
      config: readers,
      schema: {
        tags,
        summary: 'One desk configuration version (or the draft, by its number)',
        params: z.strictObject({ version: z.coerce.number().int().positive() }),
        response: { 200: versionView },
      },
    },
    (request) => getDeskConfigVersionView(deps, request.params.version),
  );

  r.put(
    '/api/v1/desk/config/draft',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Save the draft (created when there is none); DESK_CONFIG_INVALID names each field',
        body: z.strictObject({ document: z.unknown(), note: z.string().max(500).nullish() }),
        response: { 200: draftView },
      },
    },
    (request) => saveDeskConfigDraft(deps, actorFor(request), request.body),
  );

  r.post(
    '/api/v1/desk/config/draft/publish',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Publish the draft, immutable, in force from effectiveFrom (now or later; default now)',
        body: z
          .strictObject({ effectiveFrom: instant.optional(), note: z.string().max(500).optional() })
          .optional(),
        response: { 200: versionView },
      },
    },
    (request) => publishDeskConfigDraft(deps, actorFor(request), request.body ?? {}),
  );

  r.delete(
    '/api/v1/desk/config/draft',
    {
      config: editors,
      schema: { tags, summary: 'Discard the draft', response: { 204: z.null() } },
    },
    async (request, reply) => {
      await deleteDeskConfigDraft(deps, actorFor(request));
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/tickets/:id/clocks',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: "The ticket's SLA clocks, live as of now (404 outside the caller's scope)",
        params: ticketParams,
        response: { 200: z.array(clockView) },
      },
    },
    (request) => getTicketClocks(deps, requireUser(request), request.params.id),
  );

  r.post(
    '/api/v1/tickets/:id/clocks/recompute',
    {
      config: editors,
      schema: {
        tags,
        summary:
          "Recompute the ticket's clocks from its history; toCurrentVersion moves it to the config in force",
        params: ticketParams,
        body: recomputeBody,
        response: { 200: z.array(clockView) },
      },
    },
    (request) =>
      recomputeTicketClocks(deps, requireUser(request), actorFor(request), request.params.id, {
        toCurrentVersion: request.body?.toCurrentVersion,
      }),
  );

  r.post(
    '/api/v1/desk/recompute',
    {
      config: { access: ['admin'] as const },
      schema: {
        tags,
        summary:
          'Recompute the clocks of every open ticket (chunks of 200), optionally under the config in force',
        body: recomputeBody,
        response: { 200: z.object({ tickets: z.number(), changed: z.number() }) },
      },
    },
    (request) =>
      recomputeOpenTickets(deps, actorFor(request), { toCurrentVersion: request.body?.toCurrentVersion }),
  );
}
