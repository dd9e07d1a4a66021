/**
 * Operating reports (运行报告, PRODUCT.md §6) and joint meetings (联席会议). A report is a snapshot
 * of one customer's month (per agreement, or all its service): the figures are frozen in `data`
 * when generated, and the HTML and PDF are rendered from them, so a report reads the same later.
 */
import { sql } from 'drizzle-orm';
import { check, date, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { instant } from '../../db/columns.ts';

export const operatingReports = pgTable(
  'operating_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id').notNull(),
    regionCode: text('region_code').notNull(),
    /** The agreement reported on, or null for the customer's whole service. */
    agreementId: uuid('agreement_id'),
    /** YYYY-MM. */
    period: text('period').notNull(),
    /** The figures as generated (availability, outages, restore times, tickets, orders, compensation). */
    data: jsonb('data').notNull(),
    generatedBy: text('generated_by').notNull(),
    generatedAt: instant('generated_at').notNull(),
    /** When it was sent to the account manager (in-app notification with the links). */
    sentAt: instant('sent_at'),
    sentToId: uuid('sent_to_id'),
  },
  (t) => [
    uniqueIndex('operating_reports_uq').on(
      t.customerId,
      sql`coalesce(${t.agreementId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      t.period,
    ),
    index('operating_reports_period_idx').on(t.period, t.regionCode),
  ],
);

/** A joint meeting (联席会议) with a customer. */
export const jointMeetings = pgTable(
  'joint_meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id').notNull(),
    regionCode: text('region_code').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    place: text('place'),
    topic: text('topic').notNull(),
    /** [{ side: 'customer'|'operator', name, position }]. */
    attendees: jsonb('attendees').notNull(),
    minutes: text('minutes'),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [index('joint_meetings_customer_idx').on(t.customerId, t.heldOn)],
);

/** An action agreed at a joint meeting, owned by one user, tracked to done. */
export const jointMeetingActions = pgTable(
  'joint_meeting_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => jointMeetings.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    ownerId: uuid('owner_id'),
    ownerName: text('owner_name'),
    dueDate: date('due_date', { mode: 'string' }),
    /** open, done, dropped. */
    status: text('status').notNull().default('open'),
    doneAt: instant('done_at'),
    note: text('note'),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('joint_meeting_actions_meeting_idx').on(t.meetingId),
    check('joint_meeting_actions_status_ck', sql`${t.status} in ('open','done','dropped')`),
  ],
);
