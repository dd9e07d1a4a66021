/**
 * TMF621 Trouble Ticket v5 at /tmf-api/troubleTicket/v5/troubleTicket (list with fields, offset,
 * limit, attribute filters and X-Total-Count/X-Result-Count; retrieve; create; JSON merge patch)
 * and /hub subscriptions whose events the outbox delivers (src/modules/events). Same scope and
 * roles as the REST API; errors are problem+json with the TMF Error members (`@type: 'Error'`,
 * `reason`, `message`) and fields named as the client sent them — as TMF629 does.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { ROLES } from '../../domain/access.ts';
import { SEVERITIES, TICKET_STATUSES } from '../../domain/desk/config.ts';
import { DomainError } from '../../domain/errors.ts';
import { actorFor, requireUser } from '../../http/access.ts';
import { originOf, registerTmfConventions } from '../../http/tmf.ts';
import { withPageTotal } from '../customers/customers.routes.ts';
import { webhooksRoutes } from '../events/events.routes.ts';
import { registerHubRoutes } from '../events/hub.routes.ts';
import type { TicketSort } from './tickets.repo.ts';
import {
  createdTmfTicket,
  createTicketFor,
  getTmfTicketFor,
  listTmfTicketsFor,
  noteIdsOf,
  patchTicketFor,
} from './tickets.service.ts';
import {
  fromTmfCreate,
  fromTmfPatch,
  selectFields,
  TMF_FIELD_OF,
  TMF621_BASE,
  tmfTicketType,
} from './tickets.tmf.ts';

const instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v));
const list = <T extends string>(values: readonly T[], name: string) =>
  z
    .string()
    .trim()
    .refine((v) => v.split(',').every((s) => (values as readonly string[]).includes(s.trim())), {
      message: `comma-separated ${name} of ${values.join(', ')}`,
    })
    .transform((v) => v.split(',').map((s) => s.trim()) as T[]);

const SORTS: Record<string, TicketSort> = {
  creationDate: 'createdAt',
  '-creationDate': '-createdAt',
  lastUpdate: 'updatedAt',
  '-lastUpdate': '-updatedAt',
};

const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  fields: z.string().max(500).optional(),
  sort: z.enum(Object.keys(SORTS) as [string, ...string[]]).default('-creationDate'),
  status: list(TICKET_STATUSES, 'statuses').optional(),
  ticketType: z.string().trim().max(40).optional(),
  severity: z
    .string()
    .trim()
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(SEVERITIES))
    .optional(),
  'creationDate.gt': instant.optional(),
  'creationDate.lt': instant.optional(),
});
const fieldsQuery = z.strictObject({ fields: z.string().max(500).optional() });
const idParams = z.strictObject({ id: z.string().max(100) });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Unknown or malformed ids look like missing tickets. */
function ticketId(id: string): string {
  if (!UUID.test(id)) throw new DomainError('NOT_FOUND', `No trouble ticket ${id}`);
  return id;
}

export async function tmf621Routes(app: FastifyInstance, deps: Deps): Promise<void> {
  await webhooksRoutes(app, deps);
  await app.register(async (tmf) => {
    registerTmfConventions(tmf, TMF_FIELD_OF);

    const r = tmf.withTypeProvider<ZodTypeProvider>();
    const tags = ['TMF621 trouble ticket'];
    const path = `${TMF621_BASE}/troubleTicket`;
    const creators = ['admin', 'kam_manager', 'account_manager', 'frontdesk', 'ops_engineer'] as const;
    const handlers = ['admin', 'kam_manager', 'frontdesk', 'ops_engineer'] as const;

    r.get(
      path,
      {
        config: { access: ROLES },
        schema: {
          tags,
          summary:
            'List or find TroubleTicket objects (scoped; fields, offset, limit, status=a,b, ticketType, severity, creationDate.gt/.lt)',
          querystring: listQuery,
        },
      },
      async (request, reply) => {
        const q = request.query;
        let ticketType: ReturnType<typeof tmfTicketType> | undefined;
        if (q.ticketType !== undefined) {
          ticketType = tmfTicketType(q.ticketType);
          if (!ticketType) {
            const message = 'one of fault (incident), complaint, inquiry, request';
            throw new DomainError('VALIDATION_FAILED', 'Invalid query: ticketType', [
              { field: 'ticketType', message },
            ]);
          }
        }
        const page = await listTmfTicketsFor(
          deps,
          requireUser(request),
          {
            status: q.status,
            ticketType: ticketType ?? undefined,
            severity: q.severity,
            createdAfter: q['creationDate.gt'],
            createdBefore: q['creationDate.lt'],
          },
          { limit: q.limit, offset: q.offset, sort: SORTS[q.sort]! },
          originOf(request),
        );
        return withPageTotal(
          reply,
          page,
          page.items.map((t) => selectFields(t, q.fields)),
        );
      },
    );

    r.get(
      `${path}/:id`,
      {
        config: { access: ROLES },
        schema: {
          tags,
          summary: 'Retrieves a TroubleTicket by ID',
          params: idParams,
          querystring: fieldsQuery,
        },
      },
      async (request) => {
        const ticket = await getTmfTicketFor(
          deps,
          requireUser(request),
          ticketId(request.params.id),
          originOf(request),
        );
        return selectFields(ticket, request.query.fields);
      },
    );

    r.post(
      path,
      {
        config: { access: creators },
        schema: {
          tags,
          summary:
            'Creates a TroubleTicket (customer as relatedParty role customer; ticketType incident/fault, complaint, inquiry, request)',
          querystring: fieldsQuery,
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const input = fromTmfCreate(request.body);
        const created = await createTicketFor(deps, user, actorFor(request), input);
        // just created from a customer in the caller's scope: answered from what was written
        const body = createdTmfTicket(created, originOf(request));
        reply.header('Location', body.href);
        return reply.status(201).send(selectFields(body, request.query.fields));
      },
    );

    r.patch(
      `${path}/:id`,
      {
        config: { access: handlers },
        schema: {
          tags,
          summary:
            'Updates partially a TroubleTicket (JSON merge patch: status + statusChangeReason, severity, priority, name, description, requestedResolutionDate, note appended)',
          params: idParams,
          querystring: fieldsQuery,
        },
      },
      async (request) => {
        const user = requireUser(request);
        const id = ticketId(request.params.id);
        await getTmfTicketFor(deps, user, id, ''); // 404 before anything else
        const patch = fromTmfPatch(request.body, { id, noteIds: await noteIdsOf(deps, id) });
        await patchTicketFor(deps, user, actorFor(request), id, patch);
        return selectFields(await getTmfTicketFor(deps, user, id, originOf(request)), request.query.fields);
      },
    );

    // Event subscriptions (TMF630 hub): admin only.
    registerHubRoutes(tmf, deps, {
      base: TMF621_BASE,
      api: 'troubleTicket',
      tags,
      example: 'eventType=TroubleTicketStatusChangeEvent',
    });
  });
}
