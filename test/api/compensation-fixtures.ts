/**
 * Fixtures of the compensation tests: a database with only the demo organisation (regions and the
 * demo logins — not the other modules' demos, so these tests do not depend on them), customers
 * inserted directly, and slips raised with `raiseSlip` as orders and agreements would.
 */
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { type Actor, systemActor } from '../../src/db/audit.ts';
import { queryRows } from '../../src/db/database.ts';
import type { SlipKind } from '../../src/domain/compensation/workflow.ts';
import { createRng } from '../../src/domain/random.ts';
import { hashPassword } from '../../src/modules/auth/passwords.ts';
import { raiseSlip } from '../../src/modules/compensation/compensation.service.ts';
import { orgDemo } from '../../src/modules/demo/demo-org.ts';
import { createTestContext, type TestContext } from '../harness.ts';

/** A test context with the demo users and regions only. */
export async function createCompensationContext(): Promise<TestContext> {
  const ctx = await createTestContext({ demo: false });
  const passwordHash = await hashPassword('demo1234');
  await ctx.deps.db.transaction((tx) =>
    orgDemo.run({
      tx,
      rng: createRng(1),
      options: { customers: 0, seed: 1 },
      actor: systemActor('test:org'),
      passwordHash,
      now: ctx.clock.now,
    }),
  );
  return ctx;
}

let seq = 0;

/** Raises a slip for `customerId` now, as `actor` (the system unless told). */
export async function raise(
  ctx: TestContext,
  customerId: string,
  opts: {
    kind?: SlipKind;
    amountFen?: number;
    actor?: Actor;
    region?: string;
    sourceRef?: string;
    basis?: Record<string, unknown>;
  } = {},
): Promise<{ id: string; slipNumber: string; created: boolean }> {
  seq += 1;
  const kind = opts.kind ?? 'provisioning_late';
  return ctx.deps.db.transaction((tx) =>
    raiseSlip(
      tx,
      {
        kind,
        sourceRef:
          opts.sourceRef ?? (kind === 'provisioning_late' ? `item-${process.pid}-${seq}` : `a:c:${seq}`),
        customerId,
        regionCode: opts.region ?? 'GD-GZ',
        period: kind === 'provisioning_late' ? null : '2026-11',
        amountFen: opts.amountFen ?? 45_000,
        basis: opts.basis ?? {
          provisioningClass: 'express',
          product: 'digital_circuit',
          oneTimeFeeFen: 300_000,
          overdueWorkingDays: 3,
          percentPerDay: 5,
          uncappedFen: 45_000,
          capped: false,
        },
      },
      ctx.clock.now,
      opts.actor ?? systemActor('test:orders'),
    ),
  );
}

export async function call(
  ctx: TestContext,
  who: string,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: Record<string, unknown>,
) {
  return ctx.app.inject({ method, url, headers: await ctx.auth(who), ...(payload ? { payload } : {}) });
}

export async function ok<T>(
  res: { statusCode: number; body: string; json<J>(): J },
  status = 200,
): Promise<T> {
  expect(res.statusCode, res.body).toBe(status);
  return res.json<T>();
}

/** Notifications of a user about a slip, by kind. */
export async function notificationsOf(ctx: TestContext, username: string, slipId: string): Promise<string[]> {
  const rows = await queryRows<{ kind: string }>(
    ctx.deps.db,
    sql`select n.kind from notifications n join users u on u.id = n.user_id
      where u.username = ${username} and n.entity_id = ${slipId} order by n.id`,
  );
  return rows.map((r) => r.kind);
}

export async function auditOf(ctx: TestContext, slipId: string): Promise<string[]> {
  const rows = await queryRows<{ action: string }>(
    ctx.deps.db,
    sql`select action from audit_log where entity = 'compensation_slip' and entity_id = ${slipId} order by id`,
  );
  return rows.map((r) => r.action);
}
