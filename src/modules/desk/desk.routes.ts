/**
 * /api/v1/desk/config (versions, draft, publish) and /api/v1/tickets/:id/clocks, recompute. PLACEHOLDER: routes are added by the work that owns this module.
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';

export async function deskRoutes(_app: FastifyInstance, _deps: Deps): Promise<void> {}
