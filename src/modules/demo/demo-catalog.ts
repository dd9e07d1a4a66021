/**
 * Demo catalog data (owner: catalog module): the shipped catalog as version 1, and a version 2
 * published to take effect on the first day of next month that shortens two standards, so the
 * version list and the diff view have content. Skipped when a second version exists already.
 */
import { writeAudit } from '../../db/audit.ts';
import {
  fromDayNumber,
  partsOfDayNumber,
  shanghaiDayNumberOf,
  toDayNumber,
} from '../../domain/calendar/dates.ts';
import type { CatalogDocument, Standard } from '../../domain/catalog/types.ts';
import { assertCatalog } from '../../domain/catalog/validate.ts';
import { countCatalogVersions, insertCatalogRow } from '../catalog/catalog.repo.ts';
import { ensureCatalogInForce } from '../catalog/catalog.service.ts';
import type { DemoGenerator } from './demo.service.ts';

/** The first day of the month after `date`. */
function firstOfNextMonth(date: string): string {
  const { year, month } = partsOfDayNumber(toDayNumber(date));
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

function change(doc: CatalogDocument, itemCode: string, level: string, set: Partial<Standard>): void {
  const s = doc.standards.find(
    (x) => x.itemCode === itemCode && x.level === level && !x.product && !x.contactRole,
  );
  if (s) Object.assign(s, set);
}

export const catalogDemo: DemoGenerator = {
  name: 'catalog',
  run: async ({ tx, actor, now }) => {
    const today = fromDayNumber(shanghaiDayNumberOf(now.getTime()));
    const v1 = await ensureCatalogInForce(tx, actor, today);
    if ((await countCatalogVersions(tx)) > 1) return { versions: 0 };
    const next = structuredClone(v1.document);
    change(next, 'fixed_line_restore', '2A', {
      responseTime: { kind: 'hours', hours: 2, clock: '24x7' },
      wording: '2小时',
    });
    change(next, 'complaint_response', 'basic', {
      responseTime: { kind: 'hours', hours: 12, clock: '24x7' },
      wording: '12小时内响应',
    });
    const effectiveDate = firstOfNextMonth(today);
    const document = assertCatalog(next, { today, effectiveDate });
    const note = '演示:2★固定电话复通时限缩短为2小时,基本投诉响应缩短为12小时';
    await insertCatalogRow(tx, {
      version: 2,
      status: 'published',
      effectiveDate,
      document,
      basedOn: v1.version,
      note,
      createdBy: actor.name,
      createdAt: now,
      updatedAt: now,
      publishedBy: actor.name,
      publishedAt: now,
    });
    await writeAudit(tx, actor, {
      action: 'publish',
      entity: 'catalogVersion',
      entityId: '2',
      after: { version: 2, effectiveDate, basedOn: v1.version },
      reason: note,
    });
    return { versions: 2 };
  },
};
