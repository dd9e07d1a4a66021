/** `tierline import <kind> <file>` (owner: imports module). */
import type { Deps } from '../../deps.ts';
import { DomainError } from '../../domain/errors.ts';

export type ImportCommand = { kind: string; file: string; partial: boolean };

export async function runImportCommand(_deps: Deps, cmd: ImportCommand): Promise<unknown> {
  throw new DomainError('VALIDATION_FAILED', `import ${cmd.kind} is being built`);
}
