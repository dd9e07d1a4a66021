/**
 * Mandatory-action tasks, completion with evidence and compliance (PRODUCT.md §4).
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';

export async function tasksRoutes(_app: FastifyInstance, _deps: Deps): Promise<void> {}
