import { asc } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { departments, regions } from '../../db/schema.ts';

export type RegionRow = typeof regions.$inferSelect;
export type DepartmentRow = typeof departments.$inferSelect;

export function listRegions(ex: Executor): Promise<RegionRow[]> {
  return ex.select().from(regions).orderBy(asc(regions.code));
}

export function listDepartments(ex: Executor): Promise<DepartmentRow[]> {
  return ex.select().from(departments).orderBy(asc(departments.code));
}
