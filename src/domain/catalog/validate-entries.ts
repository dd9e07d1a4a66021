/**
 * Checks of the entries of a catalog document (items, standards, actions, channel rules) for
 * `validateCatalog`: each problem is collected with its dotted path, each valid entry is returned
 * normalised.
 */
import type { FieldIssue } from '../errors.ts';
import {
  ACTION_KEYS,
  CHANNEL_KEYS,
  channelKey,
  ITEM_KEYS,
  STANDARD_KEYS,
  standardKey,
} from './entry-keys.ts';
import { isServiceLevel, SERVICE_LEVELS } from './levels.ts';
import {
  ACTION_KINDS,
  type ActionSchedule,
  CHANNELS,
  type ChannelRule,
  CONTACT_ROLES,
  type ContactRole,
  type Frequency,
  type MandatoryAction,
  PERIODS,
  type Period,
  SERVICE_ATTRIBUTES,
  SERVICE_CATEGORIES,
  SERVICE_NEEDS,
  SERVICE_SCOPES,
  type ServiceItem,
  type ServiceLevel,
  type ServiceScope,
  type ServiceTime,
  type Standard,
} from './types.ts';

const CODE = /^[a-z][a-z0-9_]{0,62}$/;
const MAX_HOURS = 24 * 366;
const MAX_DAYS = 366;

type Obj = Record<string, unknown>;

export const isObj = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const shown = (value: unknown): string =>
  typeof value === 'string' ? `'${value}'` : value === undefined ? 'nothing' : JSON.stringify(value);

/** Collects field issues while entries are read. */
export class Checker {
  readonly issues: FieldIssue[] = [];

  add(field: string, message: string): void {
    this.issues.push({ field, message });
  }

  unknownKeys(path: string, value: Obj, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.add(`${path}.${key}`, `unknown field '${key}'`);
    }
  }

  text(path: string, value: unknown, opts: { max: number; optional?: boolean }): string | null {
    if (value === undefined || value === null) {
      if (!opts.optional) this.add(path, 'required');
      return null;
    }
    if (typeof value !== 'string') {
      this.add(path, `must be text; got ${shown(value)}`);
      return null;
    }
    const trimmed = value.trim();
    if (!opts.optional && trimmed === '') this.add(path, 'must not be empty');
    if (value.length > opts.max) this.add(path, `must be at most ${opts.max} characters`);
    return opts.optional && trimmed === '' ? null : value;
  }

  oneOf<T extends string>(path: string, value: unknown, allowed: readonly T[], what: string): T | null {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.add(path, `unknown ${what} ${shown(value)}; one of ${allowed.join(', ')}`);
    return null;
  }

  optionalOneOf<T extends string>(
    path: string,
    value: unknown,
    allowed: readonly T[],
    what: string,
  ): T | null {
    if (value === undefined || value === null) return null;
    return this.oneOf(path, value, allowed, what);
  }

  code(path: string, value: unknown, what: string): string | null {
    if (typeof value !== 'string' || !CODE.test(value)) {
      this.add(path, `${what} must be snake_case (a–z, 0–9, _; starting with a letter); got ${shown(value)}`);
      return null;
    }
    return value;
  }

  level(path: string, value: unknown): ServiceLevel | null {
    if (isServiceLevel(value)) return value;
    this.add(path, `unknown level ${shown(value)}; one of ${SERVICE_LEVELS.join(', ')}`);
    return null;
  }

  positiveInteger(path: string, value: unknown, what: string, max: number): number | null {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
      const sign = typeof value === 'number' && value <= 0 ? ' (zero or negative)' : '';
      this.add(path, `${what} must be a whole number from 1 to ${max}; got ${shown(value)}${sign}`);
      return null;
    }
    return value;
  }

  array(path: string, value: unknown): unknown[] {
    if (Array.isArray(value)) return value;
    this.add(path, value === undefined ? 'required (a list)' : 'must be a list');
    return [];
  }
}

function checkTime(c: Checker, path: string, value: unknown): ServiceTime | null {
  if (value === undefined || value === null) return null;
  if (!isObj(value)) {
    c.add(path, 'must be a time limit object or null');
    return null;
  }
  switch (value.kind) {
    case 'workdays': {
      c.unknownKeys(path, value, ['kind', 'days']);
      const n = c.positiveInteger(`${path}.days`, value.days, 'working days', MAX_DAYS);
      return n === null ? null : { kind: 'workdays', days: n };
    }
    case 'days': {
      c.unknownKeys(path, value, ['kind', 'days']);
      const n = c.positiveInteger(`${path}.days`, value.days, 'days', MAX_DAYS);
      return n === null ? null : { kind: 'days', days: n };
    }
    case 'hours': {
      c.unknownKeys(path, value, ['kind', 'hours', 'clock']);
      const hours = value.hours;
      let ok = true;
      if (typeof hours !== 'number' || !Number.isFinite(hours) || hours <= 0 || hours > MAX_HOURS) {
        const sign = typeof hours === 'number' && hours <= 0 ? ' (zero or negative)' : '';
        c.add(
          `${path}.hours`,
          `hours must be a number above 0 and at most ${MAX_HOURS}; got ${shown(hours)}${sign}`,
        );
        ok = false;
      } else if (!Number.isInteger(hours * 60)) {
        c.add(`${path}.hours`, `hours must be a whole number of minutes; got ${hours}`);
        ok = false;
      }
      const clock = c.oneOf(`${path}.clock`, value.clock, ['24x7', 'business'] as const, 'clock');
      return ok && clock ? { kind: 'hours', hours: hours as number, clock } : null;
    }
    case 'on_demand':
    case 'as_agreed':
      c.unknownKeys(path, value, ['kind']);
      return { kind: value.kind };
    default:
      c.add(
        `${path}.kind`,
        `unknown time limit kind ${shown(value.kind)}; one of workdays, hours, days, on_demand, as_agreed`,
      );
      return null;
  }
}

function checkFrequency(c: Checker, path: string, value: unknown): Frequency | null {
  if (value === undefined || value === null) return null;
  if (!isObj(value)) {
    c.add(path, 'must be {times, period} or null');
    return null;
  }
  c.unknownKeys(path, value, ['times', 'period']);
  const times = c.positiveInteger(`${path}.times`, value.times, 'times', 1000);
  const period = c.oneOf(`${path}.period`, value.period, PERIODS, 'period');
  return times !== null && period ? { times, period } : null;
}

export function checkItems(c: Checker, raw: unknown[]): ServiceItem[] {
  const out: ServiceItem[] = [];
  const seen = new Map<string, number>();
  raw.forEach((value, i) => {
    const path = `items[${i}]`;
    if (!isObj(value)) {
      c.add(path, 'must be an object');
      return;
    }
    c.unknownKeys(path, value, ITEM_KEYS);
    const code = c.code(`${path}.code`, value.code, 'item code');
    if (code !== null) {
      const first = seen.get(code);
      if (first !== undefined) c.add(`${path}.code`, `duplicate item code '${code}' (also items[${first}])`);
      else seen.set(code, i);
    }
    const name = c.text(`${path}.name`, value.name, { max: 200 });
    const nameEn = c.text(`${path}.nameEn`, value.nameEn, { max: 200 });
    const category = c.oneOf(`${path}.category`, value.category, SERVICE_CATEGORIES, 'category');
    const attribute = c.oneOf(`${path}.attribute`, value.attribute, SERVICE_ATTRIBUTES, 'attribute');
    const need = c.oneOf(`${path}.need`, value.need, SERVICE_NEEDS, 'need');
    const description = c.text(`${path}.description`, value.description, { max: 2000, optional: true });
    const products: string[] = [];
    if (value.products !== undefined && value.products !== null) {
      c.array(`${path}.products`, value.products).forEach((p, j) => {
        const product = c.code(`${path}.products[${j}]`, p, 'product');
        if (product === null) return;
        if (products.includes(product)) c.add(`${path}.products[${j}]`, `duplicate product '${product}'`);
        else products.push(product);
      });
    }
    if (value.scoped !== undefined && value.scoped !== null && typeof value.scoped !== 'boolean') {
      c.add(`${path}.scoped`, 'must be true or false');
    }
    if (code && name && nameEn && category && attribute && need) {
      out.push({
        code,
        name,
        nameEn,
        category,
        attribute,
        need,
        description,
        products,
        scoped: value.scoped === true,
      });
    }
  });
  return out;
}

export function checkStandards(
  c: Checker,
  raw: unknown[],
  items: Map<string, ServiceItem>,
  itemCodes: Set<string>,
): Standard[] {
  const out: Standard[] = [];
  const seen = new Map<string, number>();
  raw.forEach((value, i) => {
    const path = `standards[${i}]`;
    if (!isObj(value)) {
      c.add(path, 'must be an object');
      return;
    }
    c.unknownKeys(path, value, STANDARD_KEYS);
    const before = c.issues.length;
    let itemCode: string | null = null;
    if (typeof value.itemCode !== 'string' || !itemCodes.has(value.itemCode)) {
      c.add(`${path}.itemCode`, `unknown service item ${shown(value.itemCode)}`);
    } else {
      itemCode = value.itemCode;
    }
    const item = itemCode ? items.get(itemCode) : undefined;
    const level = c.level(`${path}.level`, value.level);
    let product: string | null = null;
    if (value.product !== undefined && value.product !== null) {
      if (typeof value.product !== 'string') c.add(`${path}.product`, 'must be text or null');
      else if (item && !(item.products ?? []).includes(value.product)) {
        const list = item.products ?? [];
        c.add(
          `${path}.product`,
          list.length === 0
            ? `item '${item.code}' does not distinguish products; leave product empty`
            : `unknown product '${value.product}' for item '${item.code}'; one of ${list.join(', ')}`,
        );
      } else product = value.product;
    }
    const scope: ServiceScope | null = c.optionalOneOf(`${path}.scope`, value.scope, SERVICE_SCOPES, 'scope');
    if (scope && item && !item.scoped) {
      c.add(`${path}.scope`, `item '${item.code}' does not distinguish local / in-province / inter-province`);
    }
    const contactRole: ContactRole | null = c.optionalOneOf(
      `${path}.contactRole`,
      value.contactRole,
      CONTACT_ROLES,
      'contact role',
    );
    if (typeof value.provided !== 'boolean') c.add(`${path}.provided`, 'must be true or false');
    const responseTime = checkTime(c, `${path}.responseTime`, value.responseTime);
    let targetPercent: number | null = null;
    if (value.targetPercent !== undefined && value.targetPercent !== null) {
      const p = value.targetPercent;
      if (typeof p !== 'number' || !Number.isFinite(p) || p <= 0 || p > 100) {
        c.add(`${path}.targetPercent`, `must be a percentage above 0 and at most 100; got ${shown(p)}`);
      } else targetPercent = p;
    }
    const frequency = checkFrequency(c, `${path}.frequency`, value.frequency);
    const degree = c.text(`${path}.degree`, value.degree, { max: 500, optional: true });
    const coverage = c.text(`${path}.coverage`, value.coverage, { max: 500, optional: true });
    const wording = c.text(`${path}.wording`, value.wording, { max: 1000 });
    if (c.issues.length > before || !itemCode || !level || wording === null) return;
    const standard: Standard = {
      itemCode,
      level,
      product,
      scope,
      contactRole,
      provided: value.provided as boolean,
      responseTime,
      targetPercent,
      frequency,
      degree,
      coverage,
      wording,
    };
    const key = standardKey(standard);
    const first = seen.get(key);
    if (first !== undefined) {
      c.add(
        `${path}.level`,
        `duplicate standard for item '${itemCode}' at level ${level}` +
          `${product ? `, product ${product}` : ''}${scope ? `, scope ${scope}` : ''}` +
          `${contactRole ? `, contact role ${contactRole}` : ''} (also standards[${first}])`,
      );
      return;
    }
    seen.set(key, i);
    out.push(standard);
  });
  return out;
}

/**
 * The most times a periodic action can recur in its period: the days of the shortest such period
 * (the third dekad of a February has 8, a quarter at least 90, a half-year 181), so that every
 * period gets each of its tasks on a day of its own.
 */
export const MAX_TIMES_PER_PERIOD: Readonly<Record<Period, number>> = {
  dekad: 8,
  month: 28,
  quarter: 90,
  half_year: 181,
  year: 365,
};

function checkSchedule(c: Checker, path: string, value: unknown): ActionSchedule | null {
  if (!isObj(value)) {
    c.add(path, 'required: {kind: periodic | holiday | birthday, …}');
    return null;
  }
  switch (value.kind) {
    case 'periodic': {
      c.unknownKeys(path, value, ['kind', 'period', 'times']);
      const period = c.oneOf(`${path}.period`, value.period, PERIODS, 'period');
      // at most one task a day: more than the shortest such period's days would drop some
      const max = period ? MAX_TIMES_PER_PERIOD[period] : 1000;
      const times = c.positiveInteger(
        `${path}.times`,
        value.times,
        period ? `times per ${period}` : 'times',
        max,
      );
      return period && times !== null ? { kind: 'periodic', period, times } : null;
    }
    case 'holiday':
      c.unknownKeys(path, value, ['kind']);
      return { kind: 'holiday' };
    case 'birthday': {
      c.unknownKeys(path, value, ['kind', 'contactRoles']);
      const roles: ContactRole[] = [];
      const list = c.array(`${path}.contactRoles`, value.contactRoles);
      if (Array.isArray(value.contactRoles) && list.length === 0) {
        c.add(`${path}.contactRoles`, 'name at least one contact role');
      }
      list.forEach((r, j) => {
        const role = c.oneOf(`${path}.contactRoles[${j}]`, r, CONTACT_ROLES, 'contact role');
        if (role && !roles.includes(role)) roles.push(role);
      });
      return roles.length > 0 ? { kind: 'birthday', contactRoles: roles } : null;
    }
    default:
      c.add(`${path}.kind`, `unknown schedule kind ${shown(value.kind)}; one of periodic, holiday, birthday`);
      return null;
  }
}

export function checkActions(c: Checker, raw: unknown[], itemCodes: Set<string>): MandatoryAction[] {
  const out: MandatoryAction[] = [];
  const seen = new Map<string, number>();
  raw.forEach((value, i) => {
    const path = `actions[${i}]`;
    if (!isObj(value)) {
      c.add(path, 'must be an object');
      return;
    }
    c.unknownKeys(path, value, ACTION_KEYS);
    const before = c.issues.length;
    const code = c.code(`${path}.code`, value.code, 'action code');
    if (code !== null) {
      const first = seen.get(code);
      if (first !== undefined)
        c.add(`${path}.code`, `duplicate action code '${code}' (also actions[${first}])`);
      else seen.set(code, i);
    }
    const name = c.text(`${path}.name`, value.name, { max: 200 });
    const nameEn = c.text(`${path}.nameEn`, value.nameEn, { max: 200 });
    const level = c.level(`${path}.level`, value.level);
    const kind = c.oneOf(`${path}.kind`, value.kind, ACTION_KINDS, 'action kind');
    const schedule = checkSchedule(c, `${path}.schedule`, value.schedule);
    let itemCode: string | null = null;
    if (value.itemCode !== undefined && value.itemCode !== null) {
      if (typeof value.itemCode !== 'string' || !itemCodes.has(value.itemCode)) {
        c.add(`${path}.itemCode`, `unknown service item ${shown(value.itemCode)}`);
      } else itemCode = value.itemCode;
    }
    if (value.owner !== 'account_manager')
      c.add(`${path}.owner`, `unknown owner ${shown(value.owner)}; one of account_manager`);
    if (c.issues.length > before || !code || !name || !nameEn || !level || !kind || !schedule) return;
    out.push({ code, name, nameEn, level, kind, schedule, itemCode, owner: 'account_manager' });
  });
  return out;
}

export function checkChannels(c: Checker, raw: unknown[], itemCodes: Set<string>): ChannelRule[] {
  const out: ChannelRule[] = [];
  const seen = new Map<string, number>();
  raw.forEach((value, i) => {
    const path = `channels[${i}]`;
    if (!isObj(value)) {
      c.add(path, 'must be an object');
      return;
    }
    c.unknownKeys(path, value, CHANNEL_KEYS);
    const before = c.issues.length;
    const channel = c.oneOf(`${path}.channel`, value.channel, CHANNELS, 'channel');
    let itemCode: string | null = null;
    if (typeof value.itemCode !== 'string' || !itemCodes.has(value.itemCode)) {
      c.add(`${path}.itemCode`, `unknown service item ${shown(value.itemCode)}`);
    } else itemCode = value.itemCode;
    const levels: ServiceLevel[] = [];
    const list = c.array(`${path}.levels`, value.levels);
    if (Array.isArray(value.levels) && list.length === 0) c.add(`${path}.levels`, 'name at least one level');
    list.forEach((l, j) => {
      const level = c.level(`${path}.levels[${j}]`, l);
      if (level && levels.includes(level)) c.add(`${path}.levels[${j}]`, `duplicate level ${level}`);
      else if (level) levels.push(level);
    });
    const role = c.oneOf(`${path}.role`, value.role, ['primary', 'support'] as const, 'channel role');
    if (c.issues.length > before || !channel || !itemCode || !role) return;
    const rule: ChannelRule = { channel, itemCode, levels, role };
    const key = channelKey(rule);
    const first = seen.get(key);
    if (first !== undefined) {
      c.add(
        `${path}.itemCode`,
        `duplicate rule for channel ${channel} and item '${itemCode}' (also channels[${first}])`,
      );
      return;
    }
    seen.set(key, i);
    out.push(rule);
  });
  return out;
}
