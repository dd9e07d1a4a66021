/**
 * REST /api/v1/tickets (create, list, board, get, status, stage, assign, note). PLACEHOLDER: routes are added by the work that owns this module.
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';

export async function ticketsRoutes(_app: FastifyInstance, _deps: Deps): Promise<void> {}
