import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { problemOf, sendProblem } from '../../http/problem.ts';

const VERSION = '0.1.0';

export async function systemRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Liveness and database check',
        response: {
          200: z.object({
            status: z.literal('ok'),
            database: z.literal('ok'),
            engine: z.string(),
            version: z.string(),
          }),
        },
      },
    },
    async (request, reply) => {
      try {
        await deps.db.execute(sql`SELECT 1`);
      } catch (err) {
        request.log.error({ err }, 'health: database check failed');
        return sendProblem(reply, {
          ...problemOf('INTERNAL', 'The database does not answer', request),
          status: 503,
        });
      }
      return {
        status: 'ok' as const,
        database: 'ok' as const,
        engine: deps.database.engine,
        version: VERSION,
      };
    },
  );
}
