/**
 * TMF629 Customer Management v5 shapes (../shared/spec/tmf/TMF629-CustomerManagement-v5.0.1):
 * a Tierline customer as a TMF `Customer` (a PartyRole) and TMF request bodies back to the
 * REST inputs. Tier, stars, group class and the latest scores travel as `characteristic`.
 */
import { DomainError, type FieldIssue } from '../../domain/errors.ts';
import type { CustomerViewWithScores } from './customers.repo.ts';
import type { CreateCustomerBody, UpdateCustomerBody } from './customers.schema.ts';

export const TMF629_BASE = '/tmf-api/customerManagement/v5';

type Characteristic = { '@type': string; name: string; valueType: string; value: unknown };
export type TmfCustomer = Record<string, unknown> & { '@type': 'Customer'; id: string; href: string };

const str = (name: string, value: string | null): Characteristic | null =>
  value === null ? null : { '@type': 'StringCharacteristic', name, valueType: 'string', value };
const int = (name: string, value: number | null): Characteristic | null =>
  value === null ? null : { '@type': 'IntegerCharacteristic', name, valueType: 'integer', value };
const numb = (name: string, value: number | null): Characteristic | null =>
  value === null ? null : { '@type': 'NumberCharacteristic', name, valueType: 'number', value };
const bool = (name: string, value: boolean): Characteristic => ({
  '@type': 'BooleanCharacteristic',
  name,
  valueType: 'boolean',
  value,
});

/** Characteristics a client may change through PATCH, and how each maps to the profile. */
const WRITABLE = ['code', 'industry', 'regionCode', 'isHeadquarters', 'customerSince', 'employees'] as const;
type Writable = (typeof WRITABLE)[number];
/** Tier fields change only through an approved tier proposal (tiers module). */
const TIER_FIELDS = ['tier', 'stars', 'groupClass', 'tierEffectiveDate'] as const;
/** Results of the latest assessment: computed, never written by a client. */
const SCORE_FIELDS = [
  'totalScore',
  'currentValue',
  'potentialValue',
  'loyalty',
  'influence',
  'assessedAsOf',
  'modelVersion',
] as const;

function characteristicsOf(c: CustomerViewWithScores): Characteristic[] {
  return [
    str('code', c.code),
    str('industry', c.industry),
    str('regionCode', c.regionCode),
    bool('isHeadquarters', c.isHeadquarters),
    str('customerSince', c.customerSince),
    int('employees', c.employees),
    str('tier', c.tier),
    int('stars', c.stars),
    str('groupClass', c.groupClass),
    str('tierEffectiveDate', c.tierEffectiveDate),
    numb('totalScore', c.latest.total),
    numb('currentValue', c.latest.currentValue),
    numb('potentialValue', c.latest.potentialValue),
    numb('loyalty', c.latest.loyalty),
    numb('influence', c.latest.influence),
    str('assessedAsOf', c.latest.asOf),
    int('modelVersion', c.latest.modelVersion),
  ].filter((ch): ch is Characteristic => ch !== null);
}

/**
 * The TMF629 `Customer` of a customer view. `origin` is scheme://host of the request, so `href`
 * is absolute as in the specification's examples.
 */
export function toTmfCustomer(c: CustomerViewWithScores, origin: string): TmfCustomer {
  const href = `${origin}${TMF629_BASE}/customer/${c.id}`;
  const contactMedium: Record<string, unknown>[] = [];
  if (c.phone) {
    contactMedium.push({
      '@type': 'PhoneContactMedium',
      contactType: 'main',
      preferred: true,
      phoneNumber: c.phone,
    });
  }
  if (c.address) {
    contactMedium.push({
      '@type': 'GeographicAddressContactMedium',
      contactType: 'office',
      preferred: !c.phone,
      street1: c.address,
      ...(c.regionName ? { city: c.regionName } : {}),
      country: 'CN',
    });
  }
  const relatedParty: Record<string, unknown>[] = [];
  if (c.accountManagerId) {
    relatedParty.push({
      '@type': 'RelatedPartyOrPartyRole',
      role: 'accountManager',
      partyOrPartyRole: {
        '@type': 'PartyRef',
        '@referredType': 'Individual',
        id: c.accountManagerId,
        ...(c.accountManagerName ? { name: c.accountManagerName } : {}),
      },
    });
  }
  if (c.parentId) {
    relatedParty.push({
      '@type': 'RelatedPartyOrPartyRole',
      role: 'group',
      partyOrPartyRole: {
        '@type': 'PartyRoleRef',
        '@referredType': 'Customer',
        id: c.parentId,
        href: `${origin}${TMF629_BASE}/customer/${c.parentId}`,
        ...(c.parentName ? { name: c.parentName } : {}),
      },
    });
  }
  return {
    '@type': 'Customer',
    '@baseType': 'PartyRole',
    id: c.id,
    href,
    name: c.name,
    role: 'enterpriseCustomer',
    status: c.status,
    engagedParty: {
      '@type': 'OrganizationRef',
      '@referredType': 'Organization',
      // The unified social credit code identifies the organisation; the customer number stands
      // in when the code is unknown.
      id: c.creditCode ?? c.code,
      name: c.name,
    },
    contactMedium,
    relatedParty,
    characteristic: characteristicsOf(c),
    validFor: { startDateTime: c.createdAt },
  };
}

/**
 * Attribute selection (`fields=name,status`): the first-level attributes asked for, always
 * with `@type`, `id` and `href`. No `fields` → everything.
 */
export function selectFields(customer: TmfCustomer, fields: string | undefined): Record<string, unknown> {
  if (!fields) return customer;
  const wanted = new Set(
    fields
      .split(',')
      .map((f) => f.trim())
      .filter((f) => f !== ''),
  );
  const out: Record<string, unknown> = { '@type': customer['@type'], id: customer.id, href: customer.href };
  for (const key of Object.keys(customer)) if (wanted.has(key)) out[key] = customer[key];
  return out;
}

/** The REST field named by a service error, as the TMF attribute the client sent. */
export const TMF_FIELD_OF: Record<string, string> = {
  name: 'name',
  status: 'status',
  creditCode: 'engagedParty.id',
  code: 'characteristic.code',
  industry: 'characteristic.industry',
  regionCode: 'characteristic.regionCode',
  isHeadquarters: 'characteristic.isHeadquarters',
  customerSince: 'characteristic.customerSince',
  employees: 'characteristic.employees',
  accountManagerId: 'relatedParty.accountManager',
  parentId: 'relatedParty.group',
  phone: 'contactMedium',
  address: 'contactMedium',
  version: 'If-Match',
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads characteristic values by name; refuses malformed entries. */
function readCharacteristics(value: unknown, issues: FieldIssue[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value === undefined) return out;
  if (!Array.isArray(value)) {
    issues.push({ field: 'characteristic', message: 'must be an array of {name, value}' });
    return out;
  }
  value.forEach((item, i) => {
    if (!isObject(item) || typeof item.name !== 'string' || !('value' in item)) {
      issues.push({ field: `characteristic[${i}]`, message: 'must be an object with name and value' });
      return;
    }
    out.set(item.name, item.value);
  });
  return out;
}

function writableValue(name: Writable, value: unknown, issues: FieldIssue[]): unknown {
  const field = `characteristic.${name}`;
  switch (name) {
    case 'code':
    case 'industry':
    case 'regionCode':
      if (typeof value === 'string' && value.trim() !== '') return value.trim();
      issues.push({ field, message: 'must be a non-empty string' });
      return undefined;
    case 'isHeadquarters':
      if (typeof value === 'boolean') return value;
      issues.push({ field, message: 'must be true or false' });
      return undefined;
    case 'customerSince':
      if (value === null || (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))) return value;
      issues.push({ field, message: 'must be a date YYYY-MM-DD or null' });
      return undefined;
    case 'employees':
      if (value === null || (typeof value === 'number' && Number.isInteger(value) && value >= 0))
        return value;
      issues.push({ field, message: 'must be a non-negative integer or null' });
      return undefined;
  }
}

function readContactMedium(
  value: unknown,
  issues: FieldIssue[],
): { phone: string | null; address: string | null } | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    issues.push({ field: 'contactMedium', message: 'must be an array' });
    return undefined;
  }
  let phone: string | null = null;
  let address: string | null = null;
  value.forEach((m, i) => {
    if (!isObject(m)) {
      issues.push({ field: `contactMedium[${i}]`, message: 'must be an object' });
      return;
    }
    if (m['@type'] === 'PhoneContactMedium' && typeof m.phoneNumber === 'string')
      phone ??= m.phoneNumber.trim();
    else if (m['@type'] === 'GeographicAddressContactMedium' && typeof m.street1 === 'string')
      address ??= m.street1.trim();
    else {
      issues.push({
        field: `contactMedium[${i}]`,
        message: 'a PhoneContactMedium with phoneNumber or a GeographicAddressContactMedium with street1',
      });
    }
  });
  return { phone, address };
}

const PATCHABLE_KEYS = new Set([
  '@type',
  '@baseType',
  '@schemaLocation',
  'id',
  'href',
  'name',
  'status',
  'characteristic',
  'contactMedium',
]);

function refuse(issues: FieldIssue[]): void {
  if (issues.length > 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `Invalid customer: ${issues.map((i) => i.field).join(', ')}`,
      issues,
    );
  }
}

/**
 * A JSON merge patch (RFC 7386) of a TMF Customer as a REST update. `characteristic` entries are
 * matched by name (a characteristic left out keeps its value); tier, stars, group class and the
 * scores may be sent back unchanged but never changed (400 naming the characteristic).
 */
export function fromTmfPatch(
  body: unknown,
  current: CustomerViewWithScores,
): Omit<UpdateCustomerBody, 'version'> {
  const issues: FieldIssue[] = [];
  if (!isObject(body)) {
    refuse([{ field: 'body', message: 'must be a JSON object (merge patch)' }]);
    return {};
  }
  for (const key of Object.keys(body)) {
    if (!PATCHABLE_KEYS.has(key)) {
      issues.push({
        field: key,
        message:
          key === 'relatedParty'
            ? 'the account manager changes only by a transfer (POST /api/v1/customers/{id}/transfer)'
            : 'cannot be changed through this API',
      });
    }
  }
  if (body['@type'] !== undefined && body['@type'] !== 'Customer')
    issues.push({ field: '@type', message: "must be 'Customer'" });
  if (body.id !== undefined && body.id !== current.id) issues.push({ field: 'id', message: 'is read-only' });
  const out: Omit<UpdateCustomerBody, 'version'> = {};
  if (body.name !== undefined) {
    if (typeof body.name === 'string' && body.name.trim() !== '') out.name = body.name.trim();
    else issues.push({ field: 'name', message: 'must be a non-empty string' });
  }
  if (body.status !== undefined) {
    if (body.status === 'active' || body.status === 'inactive') out.status = body.status;
    else issues.push({ field: 'status', message: "must be 'active' or 'inactive'" });
  }
  const given = readCharacteristics(body.characteristic, issues);
  const now = new Map(characteristicsOf(current).map((c) => [c.name, c.value]));
  for (const [name, value] of given) {
    if ((WRITABLE as readonly string[]).includes(name)) {
      const v = writableValue(name as Writable, value, issues);
      if (v !== undefined) (out as Record<string, unknown>)[name] = v;
    } else if ((TIER_FIELDS as readonly string[]).includes(name)) {
      if (value !== (now.get(name) ?? null)) {
        issues.push({
          field: `characteristic.${name}`,
          message: 'tiers change only through an approved tier proposal, not directly',
        });
      }
    } else if ((SCORE_FIELDS as readonly string[]).includes(name)) {
      if (value !== (now.get(name) ?? null)) {
        issues.push({
          field: `characteristic.${name}`,
          message: 'computed by the value assessment; read-only',
        });
      }
    } else {
      issues.push({ field: `characteristic.${name}`, message: 'unknown characteristic' });
    }
  }
  const media = readContactMedium(body.contactMedium, issues);
  if (media) {
    out.phone = media.phone;
    out.address = media.address;
  }
  refuse(issues);
  return out;
}

/** A TMF `Customer_FVO` as a REST create: code, industry and regionCode come as characteristics. */
export function fromTmfCreate(body: unknown): CreateCustomerBody {
  const issues: FieldIssue[] = [];
  if (!isObject(body)) {
    refuse([{ field: 'body', message: 'must be a JSON object' }]);
    throw new Error('unreachable');
  }
  if (body['@type'] !== undefined && body['@type'] !== 'Customer')
    issues.push({ field: '@type', message: "must be 'Customer'" });
  const engaged = body.engagedParty;
  if (!isObject(engaged))
    issues.push({ field: 'engagedParty', message: 'required: the organisation (id = credit code)' });
  const party = isObject(engaged) ? engaged : {};
  const name =
    typeof body.name === 'string' && body.name.trim() !== ''
      ? body.name.trim()
      : typeof party.name === 'string'
        ? party.name.trim()
        : '';
  if (name === '') issues.push({ field: 'name', message: 'required (or engagedParty.name)' });
  const chars = readCharacteristics(body.characteristic, issues);
  const values: Record<string, unknown> = {};
  for (const [key, value] of chars) {
    if ((WRITABLE as readonly string[]).includes(key))
      values[key] = writableValue(key as Writable, value, issues);
    else issues.push({ field: `characteristic.${key}`, message: 'cannot be set when creating' });
  }
  for (const required of ['code', 'industry', 'regionCode'] as const) {
    if (!chars.has(required)) issues.push({ field: `characteristic.${required}`, message: 'required' });
  }
  let accountManagerId: string | undefined;
  if (body.relatedParty !== undefined) {
    const list = Array.isArray(body.relatedParty) ? body.relatedParty : [];
    for (const [i, rp] of list.entries()) {
      const ref = isObject(rp) && isObject(rp.partyOrPartyRole) ? rp.partyOrPartyRole : null;
      if (isObject(rp) && rp.role === 'accountManager' && ref && typeof ref.id === 'string')
        accountManagerId = ref.id;
      else
        issues.push({
          field: `relatedParty[${i}]`,
          message: "only {role: 'accountManager', partyOrPartyRole: {id}}",
        });
    }
  }
  const media = readContactMedium(body.contactMedium, issues);
  refuse(issues);
  const creditCode = typeof party.id === 'string' && party.id.trim() !== '' ? party.id.trim() : null;
  return {
    code: values.code as string,
    name,
    creditCode,
    industry: values.industry as string,
    regionCode: values.regionCode as string,
    ...(values.isHeadquarters !== undefined ? { isHeadquarters: values.isHeadquarters as boolean } : {}),
    ...(values.customerSince !== undefined ? { customerSince: values.customerSince as string | null } : {}),
    ...(values.employees !== undefined ? { employees: values.employees as number | null } : {}),
    ...(accountManagerId ? { accountManagerId } : {}),
    ...(media ? { phone: media.phone, address: media.address } : {}),
  };
}
