/**
 * /api/v1/notifications. PLACEHOLDER: routes are added by the work that owns this module.
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';

export async function notificationsRoutes(_app: FastifyInstance, _deps: Deps): Promise<void> {}
