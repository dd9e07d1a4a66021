/**
 * `tierline assess [--at YYYY-MM-DD] [--customer <id|code>]`: runs an assessment synchronously
 * (all active customers, or one) and returns a summary for the terminal.
 */
import { eq, or } from 'drizzle-orm';
import { systemActor } from '../../db/audit.ts';
import { customers } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { DomainError } from '../../domain/errors.ts';
import { runAssessmentNow } from './assessment.service.ts';

export type AssessCommand = { at: string | undefined; customer: string | undefined };

export type AssessSummary = {
  runId: string;
  status: string;
  asOf: string;
  modelVersion: number;
  customers: number;
  proposals: number;
  seconds: number;
  error?: string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Runs the command; `customer` is a customer id or its code. */
export async function runAssessCommand(deps: Deps, cmd: AssessCommand): Promise<AssessSummary> {
  let customerId: string | null = null;
  if (cmd.customer !== undefined) {
    const key = cmd.customer.trim();
    const [row] = await deps.db
      .select({ id: customers.id })
      .from(customers)
      .where(UUID.test(key) ? or(eq(customers.id, key), eq(customers.code, key)) : eq(customers.code, key));
    if (!row) {
      throw new DomainError('NOT_FOUND', `No customer with id or code ${key}`, [
        { field: 'customer', message: 'Unknown customer' },
      ]);
    }
    customerId = row.id;
  }
  const started = Date.now();
  const run = await runAssessmentNow(deps, systemActor('cli:assess'), {
    asOf: cmd.at,
    customerId,
    trigger: 'cli',
  });
  return {
    runId: run.id,
    status: run.status,
    asOf: run.asOf,
    modelVersion: run.modelVersion,
    customers: run.done,
    proposals: run.proposals,
    seconds: Math.round((Date.now() - started) / 10) / 100,
    ...(run.error ? { error: run.error } : {}),
  };
}
