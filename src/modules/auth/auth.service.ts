/**
 * Login, logout and session resolution. A session is a random token; the database keeps only
 * its SHA-256. The same token travels as the httpOnly cookie (browser) or a bearer header (API).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../../db/audit.ts';
import { writeAudit } from '../../db/audit.ts';
import type { Deps } from '../../deps.ts';
import { isRole, type Role } from '../../domain/access.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  deleteSession,
  findLiveSession,
  findUserByUsername,
  insertSession,
  purgeExpiredSessions,
  recordLogin,
  touchSession,
  type UserRow,
} from './auth.repo.ts';
import { dummyHash, verifyPassword } from './passwords.ts';

/** The signed-in user as the rest of the code sees it. */
export type SessionUser = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string | null;
  departmentId: string | null;
  active: boolean;
  lastLoginAt: string | null;
};

export function toSessionUser(row: UserRow): SessionUser {
  if (!isRole(row.role)) throw new Error(`user ${row.username} has unknown role ${row.role}`);
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    regionCode: row.regionCode,
    departmentId: row.departmentId,
    active: row.active,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
  };
}

export function actorOf(user: SessionUser, requestId?: string): Actor {
  return { id: user.id, name: user.username, role: user.role, regionCode: user.regionCode, requestId };
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

const dateOf = (ms: number) => new Date(ms);

/** Verifies the password and opens a session; wrong name and wrong password look the same. */
export async function login(
  deps: Deps,
  input: {
    username: string;
    password: string;
    ip: string | null;
    userAgent: string | null;
    requestId: string;
  },
): Promise<{ token: string; expiresAt: string; user: SessionUser }> {
  const row = await findUserByUsername(deps.db, input.username);
  const ok = row
    ? await verifyPassword(row.passwordHash, input.password)
    : await verifyPassword(await dummyHash(), input.password).then(() => false);
  if (!row || !ok || !row.active) {
    throw new DomainError('INVALID_CREDENTIALS', 'Wrong username or password, or the account is disabled');
  }
  const user = toSessionUser(row);
  const token = randomBytes(32).toString('base64url');
  const nowMs = deps.now().getTime();
  const expiresAt = dateOf(
    Math.min(
      nowMs + deps.config.SESSION_TTL_HOURS * 3_600_000,
      nowMs + deps.config.SESSION_IDLE_MINUTES * 60_000,
    ),
  );
  await deps.db.transaction(async (tx) => {
    await insertSession(tx, {
      id: hashToken(token),
      userId: user.id,
      createdAt: dateOf(nowMs),
      lastSeenAt: dateOf(nowMs),
      expiresAt,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    await recordLogin(tx, user.id, dateOf(nowMs));
    await writeAudit(tx, actorOf(user, input.requestId), {
      action: 'login',
      entity: 'session',
      entityId: user.id,
      after: { ip: input.ip },
    });
  });
  return {
    token,
    expiresAt: expiresAt.toISOString(),
    user: { ...user, lastLoginAt: dateOf(nowMs).toISOString() },
  };
}

/**
 * The user behind a token, or null. Sliding expiry: each use pushes `expiresAt` to now + idle
 * time, never past created + TTL; the row is written at most once a minute.
 */
export async function resolveSession(deps: Deps, token: string): Promise<SessionUser | null> {
  const now = deps.now();
  const found = await findLiveSession(deps.db, hashToken(token), now);
  if (!found?.user.active) return null;
  const { session } = found;
  const nowMs = now.getTime();
  if (nowMs - session.lastSeenAt.getTime() > 60_000) {
    const hardEnd = session.createdAt.getTime() + deps.config.SESSION_TTL_HOURS * 3_600_000;
    const next = Math.min(hardEnd, nowMs + deps.config.SESSION_IDLE_MINUTES * 60_000);
    await touchSession(deps.db, session.id, dateOf(nowMs), dateOf(next));
  }
  return toSessionUser(found.user);
}

export async function logout(deps: Deps, token: string, actor: Actor): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await deleteSession(tx, hashToken(token));
    await writeAudit(tx, actor, { action: 'logout', entity: 'session', entityId: actor.id ?? 'unknown' });
  });
}

/** Housekeeping job body: drop expired sessions. */
export function purgeSessions(deps: Deps, at: Date): Promise<number> {
  return purgeExpiredSessions(deps.db, at);
}
