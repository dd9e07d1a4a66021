/**
 * The platform tables (Drizzle): regions, departments, users, sessions, audit, calendar, app
 * meta. `schema.ts` re-exports these with every module's tables.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';

/** Provinces and cities; `parentCode` makes the tree that region-scoped reads walk. */
export const regions = pgTable('regions', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  parentCode: text('parent_code'),
});

export const departments = pgTable('departments', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  regionCode: text('region_code').references(() => regions.code),
  parentId: uuid('parent_id'),
  /** The department head (部门负责人): an escalation ladder's `department_head` target. */
  headId: uuid('head_id'),
});

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    /** Work phone, printed where a customer should call its account manager (delivery packs). */
    phone: text('phone'),
    role: text('role').notNull(),
    regionCode: text('region_code').references(() => regions.code),
    departmentId: uuid('department_id').references(() => departments.id),
    supervisorId: uuid('supervisor_id'),
    isChief: boolean('is_chief').notNull().default(false),
    passwordHash: text('password_hash').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
    lastLoginAt: instant('last_login_at'),
  },
  (t) => [index('users_role_idx').on(t.role)],
);

/** Server-side sessions; `id` is the SHA-256 of the token, so a stolen table holds no tokens. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: instant('created_at').notNull(),
    lastSeenAt: instant('last_seen_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/** Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: instant('at').notNull().default(sql`now()`),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    reason: text('reason'),
    requestId: text('request_id'),
  },
  (t) => [index('audit_entity_idx').on(t.entity, t.entityId), index('audit_at_idx').on(t.at)],
);

/** Which official schedules are loaded (the horizon), per region ('' = national). */
export const calendarYears = pgTable(
  'calendar_years',
  {
    region: text('region').notNull().default(''),
    year: integer('year').notNull(),
    source: text('source'),
    entryCount: integer('entry_count').notNull(),
    importedAt: instant('imported_at').notNull().defaultNow(),
    importedBy: text('imported_by'),
  },
  (t) => [primaryKey({ columns: [t.region, t.year] })],
);

/** Holidays and make-up working days; regional rows override the national row of that date. */
export const calendarEntries = pgTable(
  'calendar_entries',
  {
    region: text('region').notNull().default(''),
    day: date('day', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.region, t.day] })],
);

/**
 * The registry of stored deadlines: every module that stores a calendar-based due instant
 * registers it here, so that importing a schedule can recompute the provisional ones.
 */
export const deadlines = pgTable(
  'deadlines',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    owner: text('owner').notNull(),
    ownerId: text('owner_id').notNull(),
    region: text('region').notNull().default(''),
    rule: jsonb('rule').notNull(),
    dueAt: instant('due_at').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    provisional: boolean('provisional').notNull(),
    computedAt: instant('computed_at').notNull(),
  },
  (t) => [
    unique('deadlines_owner_uq').on(t.owner, t.ownerId),
    index('deadlines_provisional_idx').on(t.provisional),
  ],
);

/** Small key/value facts about this installation (demo loaded, calendar version, …). */
export const appMeta = pgTable('app_meta', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});
