/**
 * Scheduled jobs: each is `{ name, everySeconds, run(deps, at) }`. The server runs them every
 * SWEEP_SECONDS at most; `tierline sweep --at <time>` runs them all once as of any instant.
 * A job must be safe with two processes running it at once (SKIP LOCKED, idempotent writes).
 */
import type { Deps } from '../deps.ts';
import { runMonthlyMeasurement } from '../modules/agreements/measurement.service.ts';
import { purgeSessions } from '../modules/auth/auth.service.ts';
import { recomputeClocksForCalendar } from '../modules/desk/calendar-clocks.service.ts';
import { runEscalationSweep } from '../modules/desk/escalation.service.ts';
import { deliverOutbox } from '../modules/events/delivery.service.ts';
import { runMonthlyReportJob } from '../modules/reports/reports.service.ts';
import { runTaskGenerationJob } from '../modules/tasks/generation.service.ts';
import { runMonthlyAssessment } from '../modules/value/assessment.service.ts';

export type Job = {
  name: string;
  everySeconds: number;
  run(deps: Deps, at: Date): Promise<Record<string, number>>;
};

/** Later modules add theirs: deadline evaluation and escalation, mandatory-action tasks, … */
export const JOBS: Job[] = [
  {
    name: 'purge-expired-sessions',
    everySeconds: 3600,
    run: async (deps, at) => ({ purged: await purgeSessions(deps, at) }),
  },
  {
    // once per calendar month (checked hourly): assess everyone as of the 1st; idempotent
    name: 'monthly-assessment',
    everySeconds: 3600,
    run: (deps, at) => runMonthlyAssessment(deps, at),
  },
  {
    // checked hourly: this month's mandatory-action tasks, and next month's from the 25th; idempotent
    name: 'mandatory-action-tasks',
    everySeconds: 3600,
    run: (deps, at) => runTaskGenerationJob(deps, at),
  },
  {
    // SLA ladders: fire the escalation steps crossed since the last pass, each exactly once
    name: 'desk-escalation',
    everySeconds: 30,
    run: (deps, at) => runEscalationSweep(deps, at),
  },
  {
    // after a calendar change (an import, a seeded year): open tickets' business-hours clocks
    // recomputed in chunks, once; normally done right after the import, this catches up after a crash
    name: 'desk-clocks-calendar',
    everySeconds: 60,
    run: async (deps, at) => {
      const r = await recomputeClocksForCalendar(deps, at);
      return { tickets: r?.tickets ?? 0, changed: r?.changed ?? 0 };
    },
  },
  {
    // once the month is over (checked hourly): measure SLA availability of the previous month and
    // raise the slips of breaches (upserts; slips raised once); before the operating reports read it
    name: 'sla-monthly-measurement',
    everySeconds: 3600,
    run: (deps, at) => runMonthlyMeasurement(deps, at),
  },
  {
    // checked hourly, from the 2nd: last month's operating report for every agreement in force,
    // generated and sent to the account manager; idempotent, chunked (at most 400 per run)
    name: 'monthly-operating-reports',
    everySeconds: 3600,
    run: (deps, at) => runMonthlyReportJob(deps, at),
  },
  {
    // TMF621 hub webhooks: deliver due outbox rows (SKIP LOCKED claims; retries back off to 6 h)
    name: 'hub-outbox',
    everySeconds: 10,
    run: (deps, at) => deliverOutbox(deps, at),
  },
];

export type SweepReport = { at: string; jobs: { name: string; result: Record<string, number> }[] };

/** Runs every job once as of `at`. */
export async function runSweep(deps: Deps, at: Date, jobs: Job[] = JOBS): Promise<SweepReport> {
  const out: SweepReport['jobs'] = [];
  for (const job of jobs) out.push({ name: job.name, result: await job.run(deps, at) });
  return { at: at.toISOString(), jobs: out };
}

type Log = { info(obj: object, msg: string): void; error(obj: object, msg: string): void };

/** Starts the periodic sweep; returns a stop function that waits for a running sweep to end. */
export function startScheduler(deps: Deps, log: Log, jobs: Job[] = JOBS): () => Promise<void> {
  const lastRun = new Map<string, number>();
  let running: Promise<void> | null = null;
  const tick = async () => {
    const at = deps.now();
    for (const job of jobs) {
      const last = lastRun.get(job.name) ?? 0;
      if (at.getTime() - last < job.everySeconds * 1000) continue;
      lastRun.set(job.name, at.getTime());
      try {
        const result = await job.run(deps, at);
        log.info({ job: job.name, result }, 'job done');
      } catch (err) {
        log.error({ job: job.name, err }, 'job failed');
      }
    }
  };
  const timer = setInterval(() => {
    if (running) return; // never overlap sweeps in one process
    running = tick().finally(() => {
      running = null;
    });
  }, deps.config.SWEEP_SECONDS * 1000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
