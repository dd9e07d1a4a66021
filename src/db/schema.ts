/**
 * Every table (Drizzle). The platform's own are in `schema-platform.ts`; each module keeps its
 * tables in `src/modules/<m>/<m>.tables.ts` and is re-exported here, which is what drizzle-kit
 * diffs into `migrations/` (`npm run db:generate`).
 */
export * from '../modules/agreements/agreements.tables.ts';
export * from '../modules/catalog/catalog.tables.ts';
export * from '../modules/compensation/compensation.tables.ts';
export * from '../modules/customers/customers.tables.ts';
export * from '../modules/imports/imports.tables.ts';
export * from '../modules/orders/orders.tables.ts';
export * from '../modules/reports/reports.tables.ts';
export * from '../modules/resources/resources.tables.ts';
export * from '../modules/segments/segments.tables.ts';
export * from '../modules/tasks/tasks.tables.ts';
export * from '../modules/tickets/tickets.tables.ts';
export * from '../modules/tiers/tiers.tables.ts';
export * from '../modules/value/value.tables.ts';
export * from './schema-platform.ts';
