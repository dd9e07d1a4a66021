/**
 * /api/v1/circuits and the front-desk lookup /api/v1/desk/lookup. PLACEHOLDER: routes are added by the work that owns this module.
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';

export async function circuitsRoutes(_app: FastifyInstance, _deps: Deps): Promise<void> {}
