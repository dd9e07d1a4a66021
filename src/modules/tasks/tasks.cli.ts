/**
 * `tierline tasks generate [--month YYYY-MM]`: generates a month's mandatory-action tasks now
 * (default: the current month in Asia/Shanghai), the same idempotent run as the hourly job.
 */
import { systemActor } from '../../db/audit.ts';
import type { Deps } from '../../deps.ts';
import { fromDayNumber, shanghaiDayNumberOf } from '../../domain/calendar/dates.ts';
import { type GenerationReport, generateTasks } from './generation.service.ts';

export async function runTasksGenerateCommand(
  deps: Deps,
  cmd: { month: string | undefined },
): Promise<GenerationReport> {
  const at = deps.now();
  const month = cmd.month ?? fromDayNumber(shanghaiDayNumberOf(at.getTime())).slice(0, 7);
  return generateTasks(deps, { month, at, trigger: 'cli', actor: systemActor('cli:tasks-generate') });
}
