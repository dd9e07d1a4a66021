/**
 * Entitlement resolution (PRODUCT.md §4 "Entitlement resolution"): for a customer (tier, stars,
 * group class, contact role), a service item and a product / scope, which standard applies and
 * why. The rule chain:
 *
 * 1. levels are tried in order: the tier the customer is served at (n★ → nA, else its tier), then
 *    its group class (A/B/C), then `basic` — the basic service standard every customer is owed;
 * 2. within a level, a standard matches when each of its product / scope / contact role is absent
 *    or equal to the query's; the most specific match wins (product, then scope, then contact role);
 * 3. the first level with a match decides, whether it says provided or not provided; no match on
 *    any level means the item is not provided.
 *
 * Every step is written into `explanation`, in order, with a stable `rule` code the UI translates.
 */
import { DomainError, ErrorCode } from '../errors.ts';
import type { GroupClass, Tier } from '../tiers/scheme.ts';
import { serviceTierOf } from './levels.ts';
import {
  type CatalogDocument,
  type Channel,
  CONTACT_ROLES,
  type ContactRole,
  type Frequency,
  SERVICE_SCOPES,
  type ServiceItem,
  type ServiceLevel,
  type ServiceScope,
  type ServiceTime,
  type Standard,
} from './types.ts';

export type EntitlementSubject = {
  tier: Tier | null;
  stars: number | null;
  groupClass: GroupClass | null;
  /** The role of the contact the service is for; absent for the customer as a whole. */
  contactRole?: ContactRole | null;
};

export type EntitlementQuery = {
  itemCode: string;
  product?: string | null;
  scope?: ServiceScope | null;
};

export type ExplanationRule =
  /** Which tier's standards come first (stars win over the tier). */
  | 'service_tier'
  /** The customer has a group class; its standards come next. */
  | 'group_class'
  /** The basic service standard is the last level tried. */
  | 'basic_level'
  /** The query named a product or scope this item does not distinguish; it was ignored. */
  | 'field_ignored'
  /** No standard of this level fits the query. */
  | 'level_no_standard'
  /** A standard of this level fits; `detail.fallback` when an earlier level had none. */
  | 'standard_matched'
  /** More specific standards of the level beat `detail.passedOver` generic ones. */
  | 'more_specific'
  /** The matched standard says the item is not provided at this level. */
  | 'not_provided'
  /** No level has a standard that fits: not provided. */
  | 'no_standard';

export type ExplanationStep = {
  rule: ExplanationRule;
  level: ServiceLevel | null;
  detail: Record<string, string | number | boolean | null>;
  /** The step in English, for API readers; the UI translates `rule` with `detail`. */
  message: string;
};

export type EntitlementChannel = { channel: Channel; role: 'primary' | 'support' };

export type Entitlement = {
  itemCode: string;
  item: ServiceItem;
  /** The query this entitlement answers. */
  product: string | null;
  scope: ServiceScope | null;
  contactRole: ContactRole | null;
  /** The level whose standard applies; null when none does. */
  level: ServiceLevel | null;
  standard: Standard | null;
  provided: boolean;
  responseTime: ServiceTime | null;
  targetPercent: number | null;
  frequency: Frequency | null;
  degree: string | null;
  coverage: string | null;
  wording: string | null;
  /** Channels delivering this item at the level used (CSC matrix), when provided. */
  channels: EntitlementChannel[];
  explanation: ExplanationStep[];
};

/** An item with the entitlements of each product / scope / contact role it distinguishes. */
export type ItemEntitlements = {
  item: ServiceItem;
  /** Provided for at least one of the entries. */
  provided: boolean;
  /** One entry when the answer is the same for every variant, else one per variant. */
  entries: Entitlement[];
};

const SPECIFICITY = { product: 4, scope: 2, contactRole: 1 } as const;

function specificity(s: Standard): number {
  return (
    (s.product ? SPECIFICITY.product : 0) +
    (s.scope ? SPECIFICITY.scope : 0) +
    (s.contactRole ? SPECIFICITY.contactRole : 0)
  );
}

function describeQuery(q: {
  product: string | null;
  scope: string | null;
  contactRole: string | null;
}): string {
  const parts = [
    q.product ? `product ${q.product}` : null,
    q.scope ? `scope ${q.scope}` : null,
    q.contactRole ? `contact role ${q.contactRole}` : null,
  ].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function describeStandard(s: Standard): string {
  const parts = [
    s.product ? `product ${s.product}` : null,
    s.scope ? `scope ${s.scope}` : null,
    s.contactRole ? `contact role ${s.contactRole}` : null,
  ].filter(Boolean);
  return parts.length > 0 ? `for ${parts.join(', ')}` : 'for any product, scope and contact';
}

function levelChain(subject: EntitlementSubject, steps: ExplanationStep[]): ServiceLevel[] {
  const chain: ServiceLevel[] = [];
  const served = serviceTierOf(subject.tier, subject.stars);
  if (served) {
    chain.push(served);
    const stars = subject.stars ?? Number(served[0]);
    steps.push({
      rule: 'service_tier',
      level: served,
      detail: { tier: subject.tier, stars, serviceTier: served },
      message:
        subject.tier && subject.tier !== served
          ? `tier ${subject.tier} served at ${stars}★: the ${served} standards apply first`
          : `tier ${served} (${stars}★): the ${served} standards apply first`,
    });
  } else {
    steps.push({
      rule: 'service_tier',
      level: null,
      detail: { tier: null, stars: null, serviceTier: null },
      message: 'no tier: no tier standard applies',
    });
  }
  if (subject.groupClass) {
    chain.push(subject.groupClass);
    steps.push({
      rule: 'group_class',
      level: subject.groupClass,
      detail: { groupClass: subject.groupClass },
      message: `group class ${subject.groupClass}: its standards apply next`,
    });
  }
  chain.push('basic');
  steps.push({
    rule: 'basic_level',
    level: 'basic',
    detail: {},
    message: 'the basic service standard applies last',
  });
  return chain;
}

function findItem(doc: CatalogDocument, itemCode: string): ServiceItem {
  const item = doc.items.find((i) => i.code === itemCode);
  if (!item) {
    throw new DomainError(ErrorCode.NOT_FOUND, `No service item '${itemCode}' in this catalog version`, [
      { field: 'itemCode', message: `unknown service item '${itemCode}'` },
    ]);
  }
  return item;
}

/**
 * Which standard of `doc` applies to `subject` for `query`, and why (PRODUCT.md §4). Throws
 * NOT_FOUND for an item the catalog does not have, VALIDATION_FAILED (field `product`) for a
 * product the item distinguishes but does not know. A product or scope the item does not
 * distinguish is ignored, and the explanation says so.
 *
 * @example
 * resolveEntitlement(DEFAULT_CATALOG, { tier: '2A', stars: 2, groupClass: null }, { itemCode: 'fixed_line_restore' });
 * // → { level: '2A', provided: true, responseTime: { kind: 'hours', hours: 3, clock: '24x7' }, wording: '3小时', … }
 * resolveEntitlement(DEFAULT_CATALOG, { tier: null, stars: null, groupClass: null },
 *   { itemCode: 'circuit_provisioning', product: 'digital_circuit', scope: 'inter_province' });
 * // → { level: 'basic', responseTime: { kind: 'workdays', days: 30 }, explanation: [ …, 'standard_matched' (basic) ] }
 */
export function resolveEntitlement(
  doc: CatalogDocument,
  subject: EntitlementSubject,
  query: EntitlementQuery,
): Entitlement {
  const item = findItem(doc, query.itemCode);
  const steps: ExplanationStep[] = [];
  const products = item.products ?? [];
  let product = query.product ?? null;
  let scope = query.scope ?? null;
  const contactRole = subject.contactRole ?? null;
  if (product !== null && products.length > 0 && !products.includes(product)) {
    const message = `unknown product '${product}' for item '${item.code}'; one of ${products.join(', ')}`;
    throw new DomainError(ErrorCode.VALIDATION_FAILED, message, [{ field: 'product', message }]);
  }
  const chain = levelChain(subject, steps);
  if (product !== null && products.length === 0) {
    steps.push({
      rule: 'field_ignored',
      level: null,
      detail: { field: 'product', value: product },
      message: `item '${item.code}' does not distinguish products; product ${product} ignored`,
    });
    product = null;
  }
  if (scope !== null && !item.scoped) {
    steps.push({
      rule: 'field_ignored',
      level: null,
      detail: { field: 'scope', value: scope },
      message: `item '${item.code}' does not distinguish local / in-province / inter-province; scope ${scope} ignored`,
    });
    scope = null;
  }
  const asked = { product, scope, contactRole };
  const ofItem = doc.standards.filter((s) => s.itemCode === item.code);
  let chosen: Standard | null = null;
  for (const [index, level] of chain.entries()) {
    const candidates = ofItem.filter(
      (s) =>
        s.level === level &&
        (!s.product || s.product === product) &&
        (!s.scope || s.scope === scope) &&
        (!s.contactRole || s.contactRole === contactRole),
    );
    if (candidates.length === 0) {
      steps.push({
        rule: 'level_no_standard',
        level,
        detail: { ...asked },
        message: `no ${level} standard for '${item.code}'${describeQuery(asked)}`,
      });
      continue;
    }
    const best = candidates.reduce((a, b) => (specificity(b) > specificity(a) ? b : a));
    const fallback = index > 0;
    steps.push({
      rule: 'standard_matched',
      level,
      detail: {
        product: best.product ?? null,
        scope: best.scope ?? null,
        contactRole: best.contactRole ?? null,
        fallback,
      },
      message: `${fallback ? `fell back to the ${level} standard` : `${level} standard matched`} ${describeStandard(best)}: ${best.wording}`,
    });
    const passedOver = candidates.length - 1;
    if (passedOver > 0) {
      steps.push({
        rule: 'more_specific',
        level,
        detail: { passedOver },
        message: `it is more specific than ${passedOver} other ${level} standard(s) that also fit, which were passed over`,
      });
    }
    if (!best.provided) {
      steps.push({
        rule: 'not_provided',
        level,
        detail: {},
        message: `the ${level} standard says: not provided`,
      });
    }
    chosen = best;
    break;
  }
  if (!chosen) {
    steps.push({
      rule: 'no_standard',
      level: null,
      detail: {},
      message: `no level has a standard for '${item.code}'${describeQuery(asked)}: not provided`,
    });
  }
  const provided = chosen?.provided ?? false;
  const level = chosen?.level ?? null;
  const channels: EntitlementChannel[] =
    provided && level
      ? doc.channels
          .filter((c) => c.itemCode === item.code && c.levels.includes(level))
          .map((c) => ({ channel: c.channel, role: c.role }))
      : [];
  return {
    itemCode: item.code,
    item,
    product,
    scope,
    contactRole,
    level,
    standard: chosen,
    provided,
    responseTime: chosen?.responseTime ?? null,
    targetPercent: chosen?.targetPercent ?? null,
    frequency: chosen?.frequency ?? null,
    degree: chosen?.degree ?? null,
    coverage: chosen?.coverage ?? null,
    wording: chosen?.wording ?? null,
    channels,
    explanation: steps,
  };
}

/**
 * Everything `subject` is owed (PRODUCT.md §4): every item of the catalog, resolved for the
 * customer as a whole and, where the item's standards distinguish products, scopes or contact
 * roles, for each of them — collapsed to one entry when every variant gets the same standard.
 *
 * @example
 * listEntitlements(DEFAULT_CATALOG, { tier: '5A', stars: 5, groupClass: null })
 *   .find((e) => e.item.code === 'birthday_care');
 * // → { provided: true, entries: [core: provided, important: provided, ordinary: not provided] }
 */
export function listEntitlements(doc: CatalogDocument, subject: EntitlementSubject): ItemEntitlements[] {
  return doc.items.map((item) => {
    const ofItem = doc.standards.filter((s) => s.itemCode === item.code);
    const products: (string | null)[] =
      ofItem.some((s) => s.product) && item.products?.length ? item.products : [null];
    const scopes: (ServiceScope | null)[] =
      item.scoped && ofItem.some((s) => s.scope) ? [...SERVICE_SCOPES] : [null];
    const roles: (ContactRole | null)[] =
      subject.contactRole != null
        ? [subject.contactRole]
        : ofItem.some((s) => s.contactRole)
          ? [...CONTACT_ROLES]
          : [null];
    const generic = resolveEntitlement(doc, subject, { itemCode: item.code });
    const variants: Entitlement[] = [];
    for (const product of products) {
      for (const scope of scopes) {
        for (const contactRole of roles) {
          variants.push(
            resolveEntitlement(doc, { ...subject, contactRole }, { itemCode: item.code, product, scope }),
          );
        }
      }
    }
    const entries = variants.every((v) => v.standard === generic.standard) ? [generic] : variants;
    return { item, provided: entries.some((e) => e.provided), entries };
  });
}
