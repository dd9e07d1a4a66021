/** `tierline assess [--at DATE] [--customer ID]` (owner: value module). */
import type { Deps } from '../../deps.ts';
import { DomainError } from '../../domain/errors.ts';

export type AssessCommand = { at: string | undefined; customer: string | undefined };

export async function runAssessCommand(_deps: Deps, _cmd: AssessCommand): Promise<unknown> {
  throw new DomainError('VALIDATION_FAILED', 'assess is being built');
}
