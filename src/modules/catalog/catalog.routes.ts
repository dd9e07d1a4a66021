/**
 * Service standards catalog, versions, diff, channels and entitlements (PRODUCT.md §4).
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';

export async function catalogRoutes(_app: FastifyInstance, _deps: Deps): Promise<void> {}
