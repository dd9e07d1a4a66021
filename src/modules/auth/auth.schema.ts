import { z } from 'zod';
import { ROLES } from '../../domain/access.ts';

export const userView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable().optional(),
  role: z.enum(ROLES),
  regionCode: z.string().nullable(),
  departmentId: z.string().nullable(),
  active: z.boolean(),
  lastLoginAt: z.string().nullable(),
});

export const loginBody = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});

export const loginResponse = z.object({ token: z.string(), expiresAt: z.string(), user: userView });
