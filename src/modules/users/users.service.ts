/** User administration: create, change role/region/active state, reset passwords. All audited. */
import { type Actor, redact, writeAudit } from '../../db/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import type { Role } from '../../domain/access.ts';
import { DomainError } from '../../domain/errors.ts';
import { deleteSessionsOfUser } from '../auth/auth.repo.ts';
import { forgetCachedSessions, type SessionUser, toSessionUser } from '../auth/auth.service.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.ts';
import {
  findUser,
  findUserByName,
  insertUser,
  type NewUserRow,
  regionExists,
  updateUser,
} from './users.repo.ts';

export type CreateUserInput = {
  username: string;
  displayName: string;
  phone?: string | null | undefined;
  role: Role;
  regionCode?: string | null | undefined;
  departmentId?: string | null | undefined;
  password: string;
};

export type UpdateUserInput = {
  displayName?: string | undefined;
  phone?: string | null | undefined;
  role?: Role | undefined;
  regionCode?: string | null | undefined;
  active?: boolean | undefined;
  password?: string | undefined;
  reason?: string | undefined;
};

function assertPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new DomainError('VALIDATION_FAILED', 'The password is too short', [
      { field: 'password', message: `at least ${MIN_PASSWORD_LENGTH} characters` },
    ]);
  }
}

async function assertRegion(ex: Executor, regionCode: string | null | undefined): Promise<void> {
  if (regionCode && !(await regionExists(ex, regionCode))) {
    throw new DomainError('VALIDATION_FAILED', `Unknown region ${regionCode}`, [
      { field: 'regionCode', message: 'no such region' },
    ]);
  }
}

/** Creates a user inside `ex` (a transaction), audited as `actor`. */
export async function createUserIn(ex: Executor, actor: Actor, input: CreateUserInput): Promise<SessionUser> {
  assertPassword(input.password);
  await assertRegion(ex, input.regionCode);
  if (await findUserByName(ex, input.username)) {
    throw new DomainError('CONFLICT', `The username ${input.username} is taken`, [
      { field: 'username', message: 'already exists' },
    ]);
  }
  const row = await insertUser(ex, {
    username: input.username,
    displayName: input.displayName,
    phone: input.phone ?? null,
    role: input.role,
    regionCode: input.regionCode ?? null,
    departmentId: input.departmentId ?? null,
    passwordHash: await hashPassword(input.password),
  });
  await writeAudit(ex, actor, { action: 'create', entity: 'user', entityId: row.id, after: redact(row) });
  return toSessionUser(row);
}

export function createUser(deps: Deps, actor: Actor, input: CreateUserInput): Promise<SessionUser> {
  return deps.db.transaction((tx) => createUserIn(tx, actor, input));
}

export async function updateUserById(
  deps: Deps,
  actor: Actor,
  id: string,
  input: UpdateUserInput,
): Promise<SessionUser> {
  if (input.password !== undefined) assertPassword(input.password);
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
  // The session cache holds the user as resolved (role, region, active): drop it before and after.
  forgetCachedSessions(id);
  try {
    return await updateUserTx(deps, actor, id, input, passwordHash);
  } finally {
    forgetCachedSessions(id);
  }
}

function updateUserTx(
  deps: Deps,
  actor: Actor,
  id: string,
  input: UpdateUserInput,
  passwordHash: string | undefined,
): Promise<SessionUser> {
  return deps.db.transaction(async (tx) => {
    const before = await findUser(tx, id);
    if (!before) throw new DomainError('NOT_FOUND', `No user ${id}`);
    await assertRegion(tx, input.regionCode);
    if (actor.id === id && (input.active === false || (input.role && input.role !== before.role))) {
      throw new DomainError('CONFLICT', 'You cannot disable yourself or change your own role', [
        { field: input.active === false ? 'active' : 'role', message: 'not on your own account' },
      ]);
    }
    const patch: Partial<NewUserRow> = { updatedAt: deps.now() };
    if (input.displayName !== undefined) patch.displayName = input.displayName;
    if (input.phone !== undefined) patch.phone = input.phone;
    if (input.role !== undefined) patch.role = input.role;
    if (input.regionCode !== undefined) patch.regionCode = input.regionCode;
    if (input.active !== undefined) patch.active = input.active;
    if (passwordHash !== undefined) patch.passwordHash = passwordHash;
    const after = await updateUser(tx, id, patch);
    // A new password, a new role or a disabled account ends every open session of that user.
    if (passwordHash !== undefined || input.active === false || (input.role && input.role !== before.role)) {
      await deleteSessionsOfUser(tx, id);
    }
    await writeAudit(tx, actor, {
      action: passwordHash !== undefined ? 'update+password' : 'update',
      entity: 'user',
      entityId: id,
      before: redact(before),
      after: redact(after),
      reason: input.reason,
    });
    return toSessionUser(after);
  });
}
