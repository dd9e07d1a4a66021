import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';

/** Routes of the agreements module (being built; see /work/notes/contracts-brief.md). */
export async function agreementsRoutes(_app: FastifyInstance, _deps: Deps): Promise<void> {}
