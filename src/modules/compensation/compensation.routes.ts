import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';

/** Routes of the compensation module (being built; see /work/notes/contracts-brief.md). */
export async function compensationRoutes(_app: FastifyInstance, _deps: Deps): Promise<void> {}
