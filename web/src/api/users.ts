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
/** Whom a customer's return visits may be given to (admin, kam_manager). */
export type VisitAgent = Pick<User, 'id' | 'username' | 'displayName' | 'regionCode'>;
export async function findVisitAgents(signal?: AbortSignal): Promise<VisitAgent[]> {
  return (await api.getPage<VisitAgent>('/visit-agents', undefined, signal)).items;
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
