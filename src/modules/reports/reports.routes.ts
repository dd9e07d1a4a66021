import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';

/** Routes of the reports module (being built; see /work/notes/contracts-brief.md). */
export async function reportsRoutes(_app: FastifyInstance, _deps: Deps): Promise<void> {}
