/**
 * Validation of a service-desk configuration (PRODUCT.md §7, issue 5 "Bad input"): every problem
 * is listed with a dotted path under `document` (`document.definitions[2].ladder[1].atPercent`),
 * so the editor shows it beside the field.
 */
import { isServiceLevel } from '../catalog/levels.ts';
import { DomainError, ErrorCode, type FieldIssue } from '../errors.ts';
import { type DeskConfig, SEVERITIES, TICKET_STATUSES, TICKET_TYPES } from './config.ts';

export type DeskConfigContext = {
  /** Department codes that exist (departments.code). */
  departmentCodes: readonly string[];
  /** Catalog item codes of the catalog in force; unchecked when absent. */
  itemCodes?: readonly string[] | undefined;
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const shown = (v: unknown) => (typeof v === 'string' ? `"${v}"` : (JSON.stringify(v) ?? String(v)));
const TARGETS = ['owner', 'supervisor', 'department_head', 'account_manager', 'kam_manager'];

class Issues {
  readonly list: FieldIssue[] = [];
  add(field: string, message: string) {
    this.list.push({ field: `document${field ? `.${field}` : ''}`, message });
  }
  keys(field: string, o: Obj, allowed: string[]) {
    for (const k of Object.keys(o))
      if (!allowed.includes(k)) this.add(`${field}.${k}`.replace(/^\./, ''), 'unknown field');
  }
  text(field: string, v: unknown) {
    if (typeof v !== 'string' || v.trim() === '') this.add(field, 'must be a non-empty text');
  }
  positive(field: string, v: unknown, integer = false) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
      this.add(field, `must be a ${integer ? 'whole ' : ''}number above 0; got ${shown(v)}`);
    }
  }
  array(field: string, v: unknown): unknown[] {
    if (!Array.isArray(v)) {
      this.add(field, 'must be a list');
      return [];
    }
    return v;
  }
}

function checkCondition(c: Issues, field: string, v: unknown, stageCodes: Set<string>, optional: boolean) {
  if (v === undefined || v === null) {
    if (!optional) c.add(field, 'must be a condition object ({} matches any state)');
    return;
  }
  if (!isObj(v)) {
    c.add(field, 'must be a condition object ({} matches any state)');
    return;
  }
  c.keys(field, v, ['statuses', 'stages']);
  if (v.statuses !== undefined) {
    c.array(`${field}.statuses`, v.statuses).forEach((s, i) => {
      if (!(TICKET_STATUSES as readonly unknown[]).includes(s)) {
        c.add(`${field}.statuses[${i}]`, `unknown status ${shown(s)}; use ${TICKET_STATUSES.join(', ')}`);
      }
    });
  }
  if (v.stages !== undefined) {
    c.array(`${field}.stages`, v.stages).forEach((s, i) => {
      if (typeof s !== 'string' || !stageCodes.has(s))
        c.add(`${field}.stages[${i}]`, `unknown stage ${shown(s)}`);
    });
  }
}

function checkTarget(c: Issues, field: string, t: unknown, departments: Set<string>) {
  if (typeof t === 'string' && TARGETS.includes(t)) return;
  if (typeof t === 'string' && t.startsWith('department:')) {
    const code = t.slice('department:'.length);
    if (!departments.has(code)) c.add(field, `unknown department ${shown(code)}`);
    return;
  }
  c.add(field, `unknown target ${shown(t)}; use ${TARGETS.join(', ')} or department:<code>`);
}

function checkDefinition(
  c: Issues,
  at: string,
  d: Obj,
  ctx: { stageCodes: Set<string>; departments: Set<string>; items: Set<string> | null },
) {
  c.keys(at, d, [
    'code',
    'name',
    'nameEn',
    'kind',
    'ticketTypes',
    'stageCode',
    'measure',
    'limit',
    'severityFactor',
    'clock',
    'start',
    'pause',
    'resume',
    'stop',
    'cancel',
    'ladder',
  ]);
  c.text(`${at}.code`, d.code);
  c.text(`${at}.name`, d.name);
  c.text(`${at}.nameEn`, d.nameEn);
  if (d.kind !== 'customer' && d.kind !== 'internal') c.add(`${at}.kind`, 'must be customer or internal');
  const types = c.array(`${at}.ticketTypes`, d.ticketTypes);
  if (Array.isArray(d.ticketTypes) && types.length === 0)
    c.add(`${at}.ticketTypes`, 'name at least one ticket type');
  types.forEach((t, j) => {
    if (!(TICKET_TYPES as readonly unknown[]).includes(t))
      c.add(`${at}.ticketTypes[${j}]`, `unknown ticket type ${shown(t)}`);
  });
  if (d.kind === 'internal') {
    if (d.stageCode === undefined || d.stageCode === null || d.stageCode === '') {
      c.add(`${at}.stageCode`, 'an internal definition limits one stage: name it');
    } else if (typeof d.stageCode !== 'string' || !ctx.stageCodes.has(d.stageCode)) {
      c.add(`${at}.stageCode`, `unknown stage ${shown(d.stageCode)}`);
    }
  } else if (d.stageCode !== undefined && d.stageCode !== null) {
    c.add(`${at}.stageCode`, 'only an internal definition has a stage');
  }
  if (d.measure !== undefined && d.measure !== null) {
    if (d.measure !== 'response' && d.measure !== 'resolution') {
      c.add(`${at}.measure`, 'must be response or resolution');
    } else if (d.measure === 'response' && d.kind !== 'internal') {
      c.add(`${at}.measure`, 'a response limit is a stage’s: only an internal definition has one');
    }
  }
  const limit = d.limit;
  if (!isObj(limit)) {
    c.add(
      `${at}.limit`,
      'must be { kind: entitlement, itemCode, fallbackMinutes } or { kind: byLevel, minutes }',
    );
  } else if (limit.kind === 'entitlement') {
    c.keys(`${at}.limit`, limit, ['kind', 'itemCode', 'fallbackMinutes']);
    c.text(`${at}.limit.itemCode`, limit.itemCode);
    if (ctx.items && typeof limit.itemCode === 'string' && !ctx.items.has(limit.itemCode)) {
      c.add(`${at}.limit.itemCode`, `unknown catalog item ${shown(limit.itemCode)}`);
    }
    c.positive(`${at}.limit.fallbackMinutes`, limit.fallbackMinutes);
  } else if (limit.kind === 'byLevel') {
    c.keys(`${at}.limit`, limit, ['kind', 'minutes']);
    if (!isObj(limit.minutes)) {
      c.add(`${at}.limit.minutes`, 'must map levels (5A…1A, A/B/C, basic) to minutes');
    } else {
      if (limit.minutes.basic === undefined)
        c.add(`${at}.limit.minutes.basic`, 'basic is required (the default)');
      for (const [level, minutes] of Object.entries(limit.minutes)) {
        if (!isServiceLevel(level)) c.add(`${at}.limit.minutes.${level}`, `unknown level ${shown(level)}`);
        else c.positive(`${at}.limit.minutes.${level}`, minutes);
      }
    }
  } else {
    c.add(`${at}.limit.kind`, 'must be entitlement or byLevel');
  }
  if (d.severityFactor !== undefined && d.severityFactor !== null) {
    if (!isObj(d.severityFactor)) c.add(`${at}.severityFactor`, 'must map severities to factors');
    else
      for (const [s, f] of Object.entries(d.severityFactor)) {
        if (!(SEVERITIES as readonly string[]).includes(s))
          c.add(`${at}.severityFactor.${s}`, `unknown severity ${shown(s)}`);
        else c.positive(`${at}.severityFactor.${s}`, f);
      }
  }
  if (d.clock !== '24x7' && d.clock !== 'business') c.add(`${at}.clock`, 'must be 24x7 or business');
  checkCondition(c, `${at}.start`, d.start, ctx.stageCodes, false);
  checkCondition(c, `${at}.pause`, d.pause, ctx.stageCodes, false);
  checkCondition(c, `${at}.resume`, d.resume, ctx.stageCodes, true);
  checkCondition(c, `${at}.stop`, d.stop, ctx.stageCodes, false);
  checkCondition(c, `${at}.cancel`, d.cancel, ctx.stageCodes, false);
  const ladder = c.array(`${at}.ladder`, d.ladder);
  let prev: { level: number; atPercent: number } | null = null;
  ladder.forEach((raw, k) => {
    const f = `${at}.ladder[${k}]`;
    if (!isObj(raw)) {
      c.add(f, 'must be a step { level, atPercent, notify, escalate }');
      return;
    }
    c.keys(f, raw, ['level', 'atPercent', 'notify', 'escalate', 'reassignTo']);
    c.positive(`${f}.level`, raw.level, true);
    c.positive(`${f}.atPercent`, raw.atPercent);
    if (prev && typeof raw.atPercent === 'number' && raw.atPercent <= prev.atPercent) {
      c.add(
        `${f}.atPercent`,
        `the ladder must ascend: ${raw.atPercent} % is not above ${prev.atPercent} % of the step before`,
      );
    }
    if (prev && typeof raw.level === 'number' && raw.level <= prev.level) {
      c.add(`${f}.level`, `levels must ascend: ${raw.level} is not above ${prev.level}`);
    }
    c.array(`${f}.notify`, raw.notify).forEach((t, m) => {
      checkTarget(c, `${f}.notify[${m}]`, t, ctx.departments);
    });
    if (typeof raw.escalate !== 'boolean') c.add(`${f}.escalate`, 'must be true or false');
    if (raw.reassignTo !== undefined && raw.reassignTo !== null) {
      if (typeof raw.reassignTo !== 'string' || !ctx.departments.has(raw.reassignTo)) {
        c.add(`${f}.reassignTo`, `unknown department ${shown(raw.reassignTo)}`);
      }
    }
    if (typeof raw.level === 'number' && typeof raw.atPercent === 'number') {
      prev = { level: raw.level, atPercent: raw.atPercent };
    }
  });
}

/**
 * Every problem of a desk configuration document, each naming its field under `document`:
 * unknown stage / department / item / status / level, duplicate codes, a route naming an unknown
 * stage, an internal definition without a stage, a limit or percent ≤ 0, a ladder not ascending.
 *
 * @example
 * validateDeskConfig(DEFAULT_DESK_CONFIG, { departmentCodes: ['CSC', 'NOC', 'FIELD', 'KAM'] }); // []
 * // a ladder going down → [{ field: 'document.definitions[2].ladder[1].atPercent', message: 'the ladder must ascend: …' }]
 */
export function validateDeskConfig(doc: unknown, ctx: DeskConfigContext): FieldIssue[] {
  const c = new Issues();
  if (!isObj(doc)) {
    c.add('', 'must be an object with stages, routes, definitions and visits');
    return c.list;
  }
  c.keys('', doc, ['stages', 'routes', 'definitions', 'visits']);
  const departments = new Set(ctx.departmentCodes);
  const items = ctx.itemCodes ? new Set(ctx.itemCodes) : null;
  const stageCodes = new Set<string>();
  c.array('stages', doc.stages).forEach((raw, i) => {
    const at = `stages[${i}]`;
    if (!isObj(raw)) {
      c.add(at, 'must be a stage { code, name, nameEn, departmentCode }');
      return;
    }
    c.keys(at, raw, ['code', 'name', 'nameEn', 'departmentCode']);
    c.text(`${at}.code`, raw.code);
    if (typeof raw.code === 'string') {
      if (stageCodes.has(raw.code)) c.add(`${at}.code`, `duplicate stage code ${shown(raw.code)}`);
      stageCodes.add(raw.code);
    }
    c.text(`${at}.name`, raw.name);
    c.text(`${at}.nameEn`, raw.nameEn);
    if (typeof raw.departmentCode !== 'string' || !departments.has(raw.departmentCode)) {
      c.add(`${at}.departmentCode`, `unknown department ${shown(raw.departmentCode)}`);
    }
  });
  const routed = new Set<string>();
  c.array('routes', doc.routes).forEach((raw, i) => {
    const at = `routes[${i}]`;
    if (!isObj(raw)) {
      c.add(at, 'must be a route { ticketType, stages }');
      return;
    }
    c.keys(at, raw, ['ticketType', 'stages']);
    if (!(TICKET_TYPES as readonly unknown[]).includes(raw.ticketType)) {
      c.add(`${at}.ticketType`, `unknown ticket type ${shown(raw.ticketType)}`);
    } else if (routed.has(raw.ticketType as string)) {
      c.add(`${at}.ticketType`, `duplicate route for ${raw.ticketType as string}`);
    } else routed.add(raw.ticketType as string);
    const stages = c.array(`${at}.stages`, raw.stages);
    if (Array.isArray(raw.stages) && stages.length === 0)
      c.add(`${at}.stages`, 'a route needs at least one stage');
    stages.forEach((s, j) => {
      if (typeof s !== 'string' || !stageCodes.has(s))
        c.add(`${at}.stages[${j}]`, `unknown stage ${shown(s)}`);
    });
  });
  for (const t of TICKET_TYPES) {
    if (Array.isArray(doc.routes) && !routed.has(t)) c.add('routes', `no route for ticket type ${t}`);
  }
  const codes = new Set<string>();
  c.array('definitions', doc.definitions).forEach((raw, i) => {
    const at = `definitions[${i}]`;
    if (!isObj(raw)) {
      c.add(at, 'must be an SLA definition');
      return;
    }
    if (typeof raw.code === 'string') {
      if (codes.has(raw.code)) c.add(`${at}.code`, `duplicate definition code ${shown(raw.code)}`);
      codes.add(raw.code);
    }
    checkDefinition(c, at, raw, { stageCodes, departments, items });
  });
  if (!isObj(doc.visits)) {
    c.add('visits', 'must be { faultRepairDays, activationDays, complaintDays }');
  } else {
    c.keys('visits', doc.visits, ['faultRepairDays', 'activationDays', 'complaintDays']);
    for (const k of ['faultRepairDays', 'activationDays', 'complaintDays'])
      c.positive(`visits.${k}`, doc.visits[k], true);
  }
  return c.list;
}

/**
 * Returns the document typed when valid; throws DESK_CONFIG_INVALID listing every problem.
 *
 * @example
 * assertDeskConfig({ stages: [] }, ctx); // throws DESK_CONFIG_INVALID, errors[0].field 'document.routes'
 */
export function assertDeskConfig(doc: unknown, ctx: DeskConfigContext): DeskConfig {
  const issues = validateDeskConfig(doc, ctx);
  if (issues.length > 0) {
    throw new DomainError(
      ErrorCode.DESK_CONFIG_INVALID,
      `The desk configuration has ${issues.length} problem${issues.length === 1 ? '' : 's'}`,
      issues,
    );
  }
  return doc as DeskConfig;
}
