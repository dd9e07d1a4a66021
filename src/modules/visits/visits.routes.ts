/**
 * /api/v1/visits (queue, outcome, coverage) and customer visits. PLACEHOLDER: routes are added by the work that owns this module.
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';

export async function visitsRoutes(_app: FastifyInstance, _deps: Deps): Promise<void> {}
