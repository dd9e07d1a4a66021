import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';

/** Routes of the tmf622 module (being built; see /work/notes/contracts-brief.md). */
export async function tmf622Routes(_app: FastifyInstance, _deps: Deps): Promise<void> {}
