import { api, type Page } from './client';
import type { Region, Role, User } from './types';

export type CreateUserInput = {
  username: string;
  displayName: string;
  phone?: string | null;
  role: Role;
  regionCode?: string | null;
  password: string;
};

export type UpdateUserInput = {
  displayName?: string;
  phone?: string | null;
  role?: Role;
  regionCode?: string | null;
  active?: boolean;
  password?: string;
};

export function findUsers(signal?: AbortSignal): Promise<Page<User>> {
  return api.getPage<User>('/users', undefined, signal);
}

/** The active users of one role (admin only: `GET /users` is the admin's). */
export async function findActiveUsersOfRole(role: Role, signal?: AbortSignal): Promise<User[]> {
  return (await api.getPage<User>('/users', { role, active: true, limit: 500 }, signal)).items;
}

export function createUser(input: CreateUserInput): Promise<User> {
  return api.post<User>('/users', input);
}

export function updateUser(id: string, input: UpdateUserInput): Promise<User> {
  return api.patch<User>(`/users/${encodeURIComponent(id)}`, input);
}

export function findRegions(signal?: AbortSignal): Promise<Region[]> {
  return api.get<Region[]>('/regions', undefined, signal);
}
