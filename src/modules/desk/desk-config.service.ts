/**
 * Versions of the service-desk configuration. PLACEHOLDER until the SLA/escalation work lands:
 * replace the bodies, keep the signatures (tickets and the demo call them).
 */
import type { Actor } from '../../db/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { DeskConfig } from '../../domain/desk/config.ts';

export type DeskConfigVersion = { version: number; document: DeskConfig; effectiveFrom: Date | null };

/** The published version in force at `at`; publishes the shipped default as version 1 when there is none. */
export async function ensureDeskConfig(_ex: Executor, _actor: Actor, _at: Date): Promise<DeskConfigVersion> {
  throw new Error('ensureDeskConfig: desk config not built yet');
}

/** A given version (a ticket keeps the version it started under); throws NOT_FOUND. */
export async function getDeskConfigVersion(_ex: Executor, _version: number): Promise<DeskConfigVersion> {
  throw new Error('getDeskConfigVersion: desk config not built yet');
}
