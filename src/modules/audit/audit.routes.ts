import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { pageQuery, sortQuery, withTotal } from '../../http/list.ts';
import { listAudit } from './audit.repo.ts';

const auditView = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
});

const dayOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

const listAuditQuery = z.strictObject({
  ...pageQuery,
  sort: sortQuery(['at', 'id', 'entity'], '-id'),
  entity: z.string().trim().max(64).optional(),
  entityId: z.string().trim().max(128).optional(),
  actor: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  from: dayOrInstant.optional(),
  to: dayOrInstant.optional(),
});

/** A bare date means that day in Asia/Shanghai. */
const instantOf = (value: string | undefined, endOfDay: boolean) => {
  if (!value) return undefined;
  if (value.length > 10) return new Date(value);
  const start = Date.parse(`${value}T00:00:00+08:00`);
  return new Date(endOfDay ? start + 86_400_000 : start);
};

/** The audit log is read-only through the API: there is no route that changes it. */
export async function auditRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/audit',
    {
      config: { access: ['admin', 'auditor'] },
      schema: {
        tags: ['audit'],
        summary: 'Read the append-only audit log (X-Total-Count)',
        querystring: listAuditQuery,
        response: { 200: z.array(auditView) },
      },
    },
    async (request, reply) => {
      const { limit, offset, sort, from, to, ...rest } = request.query;
      const page = await listAudit(
        deps.db,
        { ...rest, fromAt: instantOf(from, false), toAt: instantOf(to, true) },
        { limit, offset, sort },
      );
      return withTotal(
        reply,
        page.total,
        page.items.map((row) => ({ ...row, at: row.at.toISOString() })),
      );
    },
  );
}
