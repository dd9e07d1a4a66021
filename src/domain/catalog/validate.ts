/**
 * Validation of a catalog version (PRODUCT.md §4, issue 4 "Bad input"): every problem of a
 * document is listed with a dotted path (`standards[3].itemCode`), so an editor can show it beside
 * the field. A valid document is returned normalised (absent optional fields become null / [] /
 * false), so that stored versions compare field by field.
 */
import { isValidDate } from '../calendar/dates.ts';
import { DomainError, ErrorCode, type FieldIssue } from '../errors.ts';
import type { CatalogDocument } from './types.ts';
import {
  Checker,
  checkActions,
  checkChannels,
  checkItems,
  checkStandards,
  isObj,
  shown,
} from './validate-entries.ts';

export type ValidateOptions = {
  /** The effective date of a version being published; checked against `today`. */
  effectiveDate?: string | null | undefined;
  /** Today in Asia/Shanghai, `YYYY-MM-DD`. */
  today: string;
};

function check(doc: unknown, options: ValidateOptions): { issues: FieldIssue[]; document: CatalogDocument } {
  const c = new Checker();
  if (options.effectiveDate !== undefined) {
    if (!isValidDate(options.effectiveDate)) {
      c.add('effectiveDate', `must be a day written YYYY-MM-DD; got ${shown(options.effectiveDate)}`);
    } else if (options.effectiveDate < options.today) {
      c.add(
        'effectiveDate',
        `a published version cannot take effect in the past: ${options.effectiveDate} is before today (${options.today})`,
      );
    }
  }
  if (!isObj(doc)) {
    c.add('document', 'must be an object with items, standards, actions and channels');
    return { issues: c.issues, document: { items: [], standards: [], actions: [], channels: [] } };
  }
  c.unknownKeys('document', doc, ['items', 'standards', 'actions', 'channels']);
  const rawItems = c.array('items', doc.items);
  const items = checkItems(c, rawItems);
  // References are checked against every code written, even on an item that has other problems,
  // so one bad item does not make every standard of it an "unknown item" too.
  const itemCodes = new Set(
    rawItems.flatMap((it) => (isObj(it) && typeof it.code === 'string' ? [it.code] : [])),
  );
  const byCode = new Map(items.map((it) => [it.code, it]));
  const standards = checkStandards(c, c.array('standards', doc.standards), byCode, itemCodes);
  const actions = checkActions(c, c.array('actions', doc.actions), itemCodes);
  const channels = checkChannels(c, c.array('channels', doc.channels), itemCodes);
  return { issues: c.issues, document: { items, standards, actions, channels } };
}

/**
 * Every problem of a catalog document (PRODUCT.md §4), each with a dotted path: unknown item or
 * level, product or scope the item does not distinguish, unknown period, `times < 1` (or, for a
 * periodic action, more than its period has days), zero or negative durations, duplicate codes
 * and standard keys, actions and channels naming missing items, and — when `effectiveDate` is
 * given (publishing) — an effective date before `today`.
 *
 * @example
 * validateCatalog({ ...DEFAULT_CATALOG, standards: [{ ...s, level: '6A' }] }, { today: '2026-03-10' });
 * // [{ field: 'standards[0].level', message: "unknown level '6A'; one of 5A, 4A, …" }]
 * validateCatalog(DEFAULT_CATALOG, { today: '2026-03-10', effectiveDate: '2026-03-01' });
 * // [{ field: 'effectiveDate', message: 'a published version cannot take effect in the past: …' }]
 */
export function validateCatalog(doc: unknown, options: ValidateOptions): FieldIssue[] {
  return check(doc, options).issues;
}

/**
 * The document, checked and normalised; throws `DomainError(CATALOG_INVALID)` listing every
 * problem otherwise.
 *
 * @example
 * const doc = assertCatalog(body.document, { today: '2026-03-10' });
 */
export function assertCatalog(doc: unknown, options: ValidateOptions): CatalogDocument {
  const { issues, document } = check(doc, options);
  if (issues.length > 0) {
    const first = issues[0]!;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    throw new DomainError(
      ErrorCode.CATALOG_INVALID,
      `The service catalog is invalid: ${first.field} ${first.message}${more}`,
      issues,
    );
  }
  return document;
}
