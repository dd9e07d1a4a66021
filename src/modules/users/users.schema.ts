import { z } from 'zod';
import { ROLES } from '../../domain/access.ts';
import { pageQuery, sortQuery } from '../../http/list.ts';

const username = z
  .string()
  .trim()
  .regex(
    /^[a-z][a-z0-9_.-]{1,31}$/,
    'lowercase letters, digits, _ . -; 2–32 characters, starting with a letter',
  );

export const createUserBody = z.strictObject({
  username,
  displayName: z.string().trim().min(1).max(100),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'digits, spaces, - and a leading +; 5–20 characters')
    .nullable()
    .optional(),
  role: z.enum(ROLES),
  regionCode: z.string().trim().min(1).max(32).nullable().optional(),
  password: z.string().min(8).max(200),
});

export const updateUserBody = z.strictObject({
  displayName: z.string().trim().min(1).max(100).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'digits, spaces, - and a leading +; 5–20 characters')
    .nullable()
    .optional(),
  role: z.enum(ROLES).optional(),
  regionCode: z.string().trim().min(1).max(32).nullable().optional(),
  active: z.boolean().optional(),
  password: z.string().min(8).max(200).optional(),
  reason: z.string().trim().max(500).optional(),
});

export const listUsersQuery = z.strictObject({
  ...pageQuery,
  sort: sortQuery(['username', 'displayName', 'role', 'createdAt', 'lastLoginAt'], 'username'),
  q: z.string().trim().max(100).optional(),
  role: z.enum(ROLES).optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const userIdParams = z.strictObject({ id: z.uuid() });
