/**
 * The `tierline` command. Each subcommand opens the same composition root as the server.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { systemActor } from '../db/audit.ts';
import { migrate } from '../db/migrate.ts';
import { isRole, ROLES } from '../domain/access.ts';
import { DomainError } from '../domain/errors.ts';
import { previousPeriod } from '../domain/reports/period.ts';
import { runSweep } from '../jobs/jobs.ts';
import { openDeps, serve } from '../main.ts';
import { addWorkdaysFor, countWorkdaysFor, importSchedule } from '../modules/calendar/calendar.service.ts';
import { runDemo } from '../modules/demo/demo.service.ts';
import { runImportCommand } from '../modules/imports/imports.cli.ts';
import { runMonthlyReports } from '../modules/reports/reports.service.ts';
import { runTasksGenerateCommand } from '../modules/tasks/tasks.cli.ts';
import { createUser } from '../modules/users/users.service.ts';
import { runAssessCommand } from '../modules/value/value.cli.ts';

const USAGE = `tierline — differentiated service for key accounts (大客户差异化分级服务)

Usage:
  tierline serve [--demo] [--port N]       start the server (--demo: load demo data into an empty database)
  tierline migrate                         apply pending database migrations
  tierline demo [--customers N] [--seed S] load deterministic demo data (users, regions, …)
  tierline calendar add <YYYY-MM-DD> <n> [--region R]   the n-th working day after a date
  tierline calendar count <from> <to> [--region R]      working days after <from> up to <to>
  tierline calendar import <file.json|file.csv> [--region R]
  tierline user add <username> --role <role> [--name <display name>] [--region <code>]
                                           (password read from stdin, or prompted)
  tierline import <customers|billing|satisfaction|indicators> <file.csv|file.xlsx> [--partial]
                                           import, validated; all-or-nothing unless --partial
  tierline assess [--at YYYY-MM-DD] [--customer <id|code>]
                                           run a value assessment (all customers, or one)
  tierline sweep [--at <ISO-time>]         run deadline evaluation and the scheduled jobs once
  tierline tasks generate [--month YYYY-MM]
                                           generate a month's mandatory-action tasks (default: this month)
  tierline reports [--period YYYY-MM]      generate and send a month's operating reports for every
                                           agreement in force (default: last month); skips existing ones
  tierline bench [calendar|assess|tasks|sweep|tickets]  run a benchmark (see bench/README.md)

Environment: PORT, DATABASE_URL, TIERLINE_DATA_DIR, LOG_LEVEL (see README).
Roles: ${ROLES.join(', ')}`;

function fail(message: string): never {
  process.stderr.write(`tierline: ${message}\n`);
  process.exit(2);
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const text = readFileSync(0, 'utf8');
    return text.split(/\r?\n/)[0] ?? '';
  }
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
      const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
      out._writeToOutput = (s: string) => {
        if (s.includes(q)) out.output.write(s);
      };
      rl.question(q, (answer) => {
        rl.close();
        process.stdout.write('\n');
        resolve(answer);
      });
    });
  const first = await ask('Password: ');
  const second = await ask('Repeat password: ');
  if (first !== second) fail('the passwords differ');
  return first;
}

async function withDeps<T>(
  run: (deps: Awaited<ReturnType<typeof openDeps>>['deps']) => Promise<T>,
): Promise<T> {
  const opened = await openDeps(loadConfig());
  try {
    return await run(opened.deps);
  } finally {
    await opened.close();
  }
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean' },
      port: { type: 'string' },
      customers: { type: 'string' },
      seed: { type: 'string' },
      region: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      at: { type: 'string' },
      customer: { type: 'string' },
      partial: { type: 'boolean' },
      month: { type: 'string' },
      period: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const intOf = (value: string | undefined, name: string, fallback: number) => {
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value)) fail(`--${name} must be a non-negative integer`);
    return Number(value);
  };

  switch (command) {
    case 'serve': {
      if (values.port) process.env.PORT = values.port;
      await serve(loadConfig(), {
        demo: values.demo === true,
        demoCustomers: intOf(values.customers, 'customers', 200),
        demoSeed: intOf(values.seed, 'seed', 1),
      });
      return;
    }
    case 'migrate': {
      // openDeps migrates; report what is now applied.
      await withDeps(async (deps) => print({ applied: await migrate(deps.db), status: 'up to date' }));
      return;
    }
    case 'demo': {
      const options = {
        customers: intOf(values.customers, 'customers', 200),
        seed: intOf(values.seed, 'seed', 1),
      };
      await withDeps(async (deps) => print(await runDemo(deps, systemActor('cli:demo'), options)));
      return;
    }
    case 'calendar': {
      const [sub, a, b] = positionals;
      await withDeps(async (deps) => {
        const region = values.region ?? null;
        if (sub === 'add') {
          if (!a || b === undefined) fail('usage: tierline calendar add <YYYY-MM-DD> <n>');
          if (!/^\d+$/.test(b)) fail('<n> must be a non-negative integer');
          print(await addWorkdaysFor(deps, { from: a, days: Number(b), region }));
        } else if (sub === 'count') {
          if (!a || !b) fail('usage: tierline calendar count <from> <to>');
          print(await countWorkdaysFor(deps, { from: a, to: b, region }));
        } else if (sub === 'import') {
          if (!a) fail('usage: tierline calendar import <file.json|file.csv>');
          const text = readFileSync(a, 'utf8');
          const input =
            extname(a).toLowerCase() === '.csv'
              ? ({ format: 'csv', text } as const)
              : ({ format: 'json', value: parseJson(text) } as const);
          print(await importSchedule(deps, systemActor('cli:calendar-import'), input, region));
        } else {
          fail('usage: tierline calendar add|count|import …');
        }
      });
      return;
    }
    case 'user': {
      const [sub, username] = positionals;
      if (sub !== 'add' || !username) fail('usage: tierline user add <username> --role <role>');
      const role = values.role ?? 'admin';
      if (!isRole(role)) fail(`unknown role ${role}; one of ${ROLES.join(', ')}`);
      const password = await readPassword();
      await withDeps(async (deps) => {
        const user = await createUser(deps, systemActor('cli:user-add'), {
          username,
          displayName: values.name ?? username,
          role,
          regionCode: values.region ?? null,
          password,
        });
        print(user);
      });
      return;
    }
    case 'import': {
      const [kind, file] = positionals;
      if (!kind || !file)
        fail('usage: tierline import <customers|billing|…> <file.csv|file.xlsx> [--partial]');
      await withDeps(async (deps) =>
        print(await runImportCommand(deps, { kind, file, partial: values.partial === true })),
      );
      return;
    }
    case 'assess': {
      const at = values.at;
      if (at !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(at)) fail('--at must be a date YYYY-MM-DD');
      await withDeps(async (deps) => print(await runAssessCommand(deps, { at, customer: values.customer })));
      return;
    }
    case 'sweep': {
      const at = values.at ? new Date(values.at) : new Date();
      if (Number.isNaN(at.getTime())) fail('--at must be an ISO time, e.g. 2026-03-02T09:00:00+08:00');
      await withDeps(async (deps) => print(await runSweep({ ...deps, now: () => at }, at)));
      return;
    }
    case 'tasks': {
      const [sub] = positionals;
      if (sub !== 'generate') fail('usage: tierline tasks generate [--month YYYY-MM]');
      if (values.month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.month)) {
        fail('--month must be a month YYYY-MM');
      }
      await withDeps(async (deps) => print(await runTasksGenerateCommand(deps, { month: values.month })));
      return;
    }
    case 'reports': {
      if (values.period !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.period)) {
        fail('--period must be a month YYYY-MM');
      }
      await withDeps(async (deps) => {
        const at = deps.now();
        print({
          period: values.period ?? previousPeriod(at.toISOString()),
          ...(await runMonthlyReports(deps, at, { period: values.period, max: Number.MAX_SAFE_INTEGER })),
        });
      });
      return;
    }
    case 'bench': {
      const name = positionals[0] ?? 'calendar';
      const benches: Record<string, string> = {
        calendar: 'bench/calendar/run.ts',
        assess: 'bench/assess/run.ts',
        tasks: 'bench/tasks/run.ts',
        sweep: 'bench/sweep/run.ts',
        tickets: 'bench/tickets/run.ts',
      };
      const script = benches[name];
      if (!script) fail(`unknown benchmark ${name}; one of ${Object.keys(benches).join(', ')}`);
      const result = spawnSync(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit' });
      process.exit(result.status ?? 1);
      return;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return;
    default:
      fail(`unknown command ${command}\n\n${USAGE}`);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new DomainError(
      'CALENDAR_SCHEDULE_INVALID',
      'The schedule file is not valid JSON; nothing was changed',
      [{ field: 'file', message: (err as Error).message }],
    );
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof DomainError) {
    process.stderr.write(`tierline: ${err.code}: ${err.message}\n`);
    for (const e of err.errors) process.stderr.write(`  ${e.field}: ${e.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`tierline: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
