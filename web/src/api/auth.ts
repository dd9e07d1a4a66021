import { api } from './client';
import type { User } from './types';

export type LoginResult = { token: string; expiresAt: string; user: User };

/** Signs in; the server sets the httpOnly session cookie, the token in the body is ignored. */
export async function login(username: string, password: string): Promise<User> {
  const result = await api.post<LoginResult>('/auth/login', { username, password });
  return result.user;
}

export async function logout(): Promise<void> {
  await api.post<void>('/auth/logout');
}

export async function getMe(signal?: AbortSignal): Promise<User> {
  const result = await api.get<{ user: User }>('/auth/me', undefined, signal);
  return result.user;
}
