import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { shanghaiDateOf } from '../../src/domain/calendar/dates.ts';
import { addMonths, monthKey, parseMonth } from '../../src/domain/tasks/periods.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'tierline-cli-'));
const env: NodeJS.ProcessEnv = { ...process.env, TIERLINE_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' };
let dropDatabase = async () => {};

beforeAll(async () => {
  const template = inject('pgTemplate');
  if (template) {
    // On PostgreSQL the CLI gets a database of its own.
    const name = `${template}_cli${randomBytes(3).toString('hex')}`;
    const url = new URL(inject('databaseUrl'));
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    dropDatabase = async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  } else {
    delete env.DATABASE_URL;
  }
});
afterAll(async () => {
  await dropDatabase();
  rmSync(dir, { recursive: true, force: true });
});

const tierline = (...args: string[]) => run(process.execPath, ['bin/tierline.mjs', ...args], { env });

describe('tierline CLI', () => {
  it('migrates, answers calendar questions and imports a schedule', { timeout: 120_000 }, async () => {
    const migrated = JSON.parse((await tierline('migrate')).stdout);
    expect(migrated.status).toBe('up to date');

    expect(JSON.parse((await tierline('calendar', 'add', '2025-01-24', '1')).stdout)).toEqual({
      date: '2025-01-26',
      provisional: false,
    });
    expect(JSON.parse((await tierline('calendar', 'count', '2025-01-24', '2025-02-08')).stdout)).toEqual({
      count: 6,
      provisional: false,
    });

    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'date,kind,name\n2027-01-01,holiday,元旦\n2027-01-01,holiday,元旦\n');
    const failed = await tierline('calendar', 'import', bad).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toMatch(/CALENDAR_SCHEDULE_INVALID/);

    const good = join(dir, '2027.csv');
    writeFileSync(good, 'date,kind,name\n2027-01-01,holiday,元旦\n');
    expect(JSON.parse((await tierline('calendar', 'import', good)).stdout)).toMatchObject({
      year: 2027,
      entryCount: 1,
    });
    expect(JSON.parse((await tierline('calendar', 'add', '2026-12-31', '1')).stdout)).toEqual({
      date: '2027-01-04',
      provisional: false,
    });

    const usage = await tierline('calendar', 'add', '2025-01-24', 'abc').catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(usage).toMatchObject({ code: 2 });
    expect((usage as { stderr: string }).stderr).toMatch(/non-negative integer/);
  });

  it('generates a month of mandatory-action tasks once, however often it runs', {
    timeout: 180_000,
  }, async () => {
    await tierline('demo', '--customers', '30', '--seed', '3');
    // The demo generates up to the current month; the month after next is not generated yet.
    const month = monthKey(addMonths(parseMonth(shanghaiDateOf(new Date().toISOString()).slice(0, 7)), 2));
    const first = JSON.parse((await tierline('tasks', 'generate', '--month', month)).stdout);
    expect(first).toMatchObject({ month });
    expect(first.created).toBeGreaterThan(0);
    const second = JSON.parse((await tierline('tasks', 'generate', '--month', month)).stdout);
    expect(second.created).toBe(0);

    const usage = await tierline('tasks', 'generate', '--month', '2026-13').catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(usage).toMatchObject({ code: 2 });
    expect((usage as { stderr: string }).stderr).toMatch(/YYYY-MM/);
  });
});
