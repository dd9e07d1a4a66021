/**
 * TMF621 /tmf-api/troubleTicket/v5/troubleTicket and /hub. PLACEHOLDER: routes are added by the work that owns this module.
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';

export async function tmf621Routes(_app: FastifyInstance, _deps: Deps): Promise<void> {}
