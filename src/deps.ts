import type { Config } from './config.ts';
import type { Database, Db } from './db/database.ts';
import type { CalendarStore } from './modules/calendar/calendar.service.ts';

/** What services need, built once in the composition root (src/main.ts) and passed down. */
export type Deps = {
  db: Db;
  database: Database;
  config: Config;
  /** The clock; tests and `tierline sweep --at` pass their own. */
  now: () => Date;
  calendars: CalendarStore;
};
