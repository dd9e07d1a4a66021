import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { listDepartments, listRegions } from './org.repo.ts';

export async function orgRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/regions',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['org'],
        summary: 'Regions (province → city tree)',
        response: {
          200: z.array(z.object({ code: z.string(), name: z.string(), parentCode: z.string().nullable() })),
        },
      },
    },
    () => listRegions(deps.db),
  );
  r.get(
    '/api/v1/departments',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['org'],
        summary: 'Departments',
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              code: z.string(),
              name: z.string(),
              regionCode: z.string().nullable(),
              parentId: z.string().nullable(),
            }),
          ),
        },
      },
    },
    () => listDepartments(deps.db),
  );
}
