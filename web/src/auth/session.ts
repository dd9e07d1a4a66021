import { useSyncExternalStore } from 'react';
import { getMe, login, logout } from '../api/auth';
import { ApiError, setUnauthenticatedHandler } from '../api/client';
import type { User } from '../api/types';

/**
 * Who is signed in, shared by the whole app. The server owns the session (an httpOnly cookie);
 * this store only mirrors `GET /auth/me` so that the layout can guard routes and show the user.
 */
export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'authenticated'; user: User };

let state: SessionState = { status: 'loading' };
const listeners = new Set<() => void>();

function setState(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getSession(): SessionState {
  return state;
}

export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, getSession, getSession);
}

/** Sets (or with null clears) the signed-in user; the layout redirects to /login when cleared. */
export function setSessionUser(user: User | null): void {
  setState(user ? { status: 'authenticated', user } : { status: 'anonymous' });
}

/** Asks the server who we are; a 401 (or an unreachable server) leaves the session anonymous. */
export async function loadSession(): Promise<void> {
  try {
    setSessionUser(await getMe());
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) console.warn('session check failed', error);
    setSessionUser(null);
  }
}

export async function signIn(username: string, password: string): Promise<User> {
  const user = await login(username, password);
  setSessionUser(user);
  return user;
}

export async function signOut(): Promise<void> {
  try {
    await logout();
  } finally {
    setSessionUser(null);
  }
}

setUnauthenticatedHandler(() => {
  if (state.status !== 'anonymous') setSessionUser(null);
});
