/**
 * Who is executing an assessment run (PRODUCT.md §2, issue 3): a run executes inside one server
 * process, so a process killed mid-run would leave its row 'running' for ever and every new run
 * for everyone refused with ASSESSMENT_RUNNING. A run is LIVE only while a process holds its lease:
 * - in this process: the run's id is in `executing` (the only check on PGlite, which one process
 *   opens at a time — a 'running' run that this process is not executing is interrupted);
 * - on PostgreSQL: the executing process also holds a session-level advisory lock on the run
 *   (`RUN_LOCK_SQL`) on a connection of its own. The server releases it when that session ends —
 *   the process exits, is killed, or loses its connection — so another process can tell.
 * The lease is taken BEFORE the run row is committed (the id is chosen here), so no other process
 * ever sees a fresh run without its lock.
 */
import type pg from 'pg';
import type { Engine, Executor } from '../../db/database.ts';
import { isRunLockFree, RUN_LOCK_SQL, RUN_UNLOCK_SQL } from './assessment.repo.ts';

export type RunLease = { runId: string; release(): Promise<void> };
type LeaseDatabase = { engine: Engine; pool?: pg.Pool | null };

/** Runs this process is executing (or has started and is about to execute). */
const executing = new Set<string>();
/** Leases taken by `startAssessment`, waiting for `executeRun` to take them over. */
const parked = new Map<string, RunLease>();

/** Takes the lease of `runId` for this process (on PostgreSQL: its advisory lock, on its own connection). */
export async function acquireRunLease(database: LeaseDatabase, runId: string): Promise<RunLease> {
  executing.add(runId);
  const pool = database.engine === 'postgres' ? (database.pool ?? null) : null;
  if (!pool) {
    return {
      runId,
      release: async () => {
        executing.delete(runId);
      },
    };
  }
  let client: pg.PoolClient | null = null;
  // a checked-out client has no error listener: a connection dropped while the run goes on would
  // otherwise crash the process; the run then finds itself failed at its next write
  const onError = () => {};
  try {
    client = await pool.connect();
    client.on('error', onError);
    await client.query(RUN_LOCK_SQL, [runId]);
  } catch (err) {
    client?.removeListener('error', onError);
    client?.release(true);
    executing.delete(runId);
    throw err;
  }
  const held = client;
  let released = false;
  return {
    runId,
    release: async () => {
      if (released) return;
      released = true;
      executing.delete(runId);
      try {
        await held.query(RUN_UNLOCK_SQL, [runId]);
        held.removeListener('error', onError);
        held.release();
      } catch (err) {
        held.removeListener('error', onError);
        held.release(err instanceof Error ? err : true); // a broken connection is discarded
      }
    },
  };
}

/** Keeps a started run's lease until `executeRun` takes it (`takeParkedLease`). */
export function parkRunLease(lease: RunLease): void {
  parked.set(lease.runId, lease);
}

export function takeParkedLease(runId: string): RunLease | null {
  const lease = parked.get(runId) ?? null;
  parked.delete(runId);
  return lease;
}

/**
 * Whether a live process is executing the run: this one, or (PostgreSQL) another one holding its
 * lock. Inside `ex`'s transaction a free lock is taken until it ends, so the caller can fail the run.
 */
export async function isRunLive(ex: Executor, database: LeaseDatabase, runId: string): Promise<boolean> {
  if (executing.has(runId)) return true;
  if (database.engine !== 'postgres') return false;
  return !(await isRunLockFree(ex, runId));
}
