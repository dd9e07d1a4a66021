/**
 * Service resources, per-tier budgets and the ledger (PRODUCT.md §4).
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';

export async function resourcesRoutes(_app: FastifyInstance, _deps: Deps): Promise<void> {}
