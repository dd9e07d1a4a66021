/** `tierline import <kind> <file> [--partial]`: the same import as the upload, from a file, as the system. */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { systemActor } from '../../db/audit.ts';
import type { Deps } from '../../deps.ts';
import { DomainError } from '../../domain/errors.ts';
import { IMPORT_KINDS, isImportKind } from '../../domain/imports/columns.ts';
import { type ImportRunView, runImport } from './imports.service.ts';

export type ImportCommand = { kind: string; file: string; partial: boolean };

/** Streams the file into `runImport`; prints the run (with the bad rows in partial mode). */
export async function runImportCommand(deps: Deps, cmd: ImportCommand): Promise<ImportRunView> {
  if (!isImportKind(cmd.kind)) {
    throw new DomainError('VALIDATION_FAILED', `Unknown import kind ${cmd.kind}`, [
      { field: 'kind', message: `one of ${IMPORT_KINDS.join(', ')}` },
    ]);
  }
  return runImport(deps, systemActor('cli:import'), {
    kind: cmd.kind,
    fileName: basename(cmd.file),
    mode: cmd.partial ? 'partial' : 'all-or-nothing',
    source: createReadStream(cmd.file),
  });
}
