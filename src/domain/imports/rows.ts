/**
 * Row validation and mapping for imports (PRODUCT.md §1–3): one row of cells → a typed row or
 * the list of its problems, each naming the line and the field. Only what a row shows by
 * itself is checked here (formats, ranges, check digits, codes); references to the database
 * (regions, account managers, customers, parents) and duplicates are checked by the service.
 */
import { CREDIT_CODE_MESSAGES, creditCodeProblem } from '../customers/credit-code.ts';
import { INDUSTRIES, type IndustryCode, isIndustryCode } from '../customers/industry.ts';
import { INDICATORS, type IndicatorKey, validateIndicatorInput } from '../value/indicators.ts';
import type { HeaderMap, ImportKind } from './columns.ts';
import {
  type Parsed,
  parseBoolean,
  parseDay,
  parseInteger,
  parseMonth,
  parseNumber,
  parseYuanToFen,
} from './values.ts';

/** One problem of one row: the file line (1 = header), the canonical column and why. */
export type RowIssue = { line: number; field: string; reason: string };

/** `undefined`: the file has no such column (the stored value is kept); `null`: the cell is empty. */
type Maybe<T> = T | null | undefined;

export type CustomerRow = {
  code: string;
  name: string;
  creditCode: Maybe<string>;
  industry: IndustryCode;
  regionCode: string;
  parentCode: Maybe<string>;
  isHeadquarters: boolean | undefined;
  accountManager: Maybe<string>;
  customerSince: Maybe<string>;
  address: Maybe<string>;
  phone: Maybe<string>;
  employees: Maybe<number>;
};

export type BillingRow = {
  customerCode: string;
  month: string;
  revenueFen: number;
  voiceFen: number | undefined;
  dataFen: number | undefined;
  bandwidthFen: number | undefined;
  newServicesFen: number | undefined;
  idcFen: number | undefined;
  drivenFen: Maybe<number>;
  arrearsMonths: number | undefined;
  dedicatedCostFen: number | undefined;
  newServicesCount: number | undefined;
};

export type SatisfactionRow = {
  customerCode: string;
  period: string;
  satisfaction: Maybe<number>;
  competitorSatisfaction: Maybe<number>;
  walletShare: Maybe<number>;
};

export type IndicatorRow = { customerCode: string; period: string; indicator: IndicatorKey; value: number };

export type RowOf<K extends ImportKind> = K extends 'customers'
  ? CustomerRow
  : K extends 'billing'
    ? BillingRow
    : K extends 'satisfaction'
      ? SatisfactionRow
      : IndicatorRow;

export type RowResult<T> = { line: number; row: T | null; issues: RowIssue[] };

/** Reads the cells of one row through the header map, collecting issues. */
class Cells {
  readonly issues: RowIssue[] = [];
  constructor(
    private readonly header: HeaderMap,
    private readonly cells: readonly string[],
    readonly line: number,
  ) {}

  has(field: string): boolean {
    return this.header.index.has(field);
  }

  /** The trimmed text; undefined when the column is absent, '' when empty. */
  text(field: string): string | undefined {
    const i = this.header.index.get(field);
    if (i === undefined) return undefined;
    return (this.cells[i] ?? '').trim();
  }

  fail(field: string, reason: string): void {
    this.issues.push({ line: this.line, field, reason });
  }

  required(field: string, maxLength = 200): string {
    const t = this.text(field) ?? '';
    if (t === '') this.fail(field, 'required');
    else if (t.length > maxLength) this.fail(field, `longer than ${maxLength} characters`);
    return t;
  }

  optional(field: string, maxLength = 500): Maybe<string> {
    const t = this.text(field);
    if (t === undefined || t === '') return t === undefined ? undefined : null;
    if (t.length > maxLength) this.fail(field, `longer than ${maxLength} characters`);
    return t;
  }

  parse<T>(field: string, parser: (text: string) => Parsed<T>, required = false): Maybe<T> {
    const t = this.text(field);
    if (t === undefined || t === '') {
      if (required) this.fail(field, 'required');
      return t === undefined ? undefined : null;
    }
    const parsed = parser(t);
    if (!parsed.ok) {
      this.fail(field, parsed.reason);
      return null;
    }
    return parsed.value;
  }

  /** Optional money that defaults to 0 when the cell is empty (but stays undefined if absent). */
  money(field: string): number | undefined {
    const v = this.parse(field, parseYuanToFen);
    return v === null ? (this.text(field) === '' ? 0 : undefined) : v;
  }
}

const INDUSTRY_BY_NAME = new Map<string, IndustryCode>(INDUSTRIES.map((i) => [i.zh, i.code]));
const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

function parseIndustry(text: string): Parsed<IndustryCode> {
  const upper = text.trim().toUpperCase();
  if (isIndustryCode(upper)) return { ok: true, value: upper };
  const byName = INDUSTRY_BY_NAME.get(text.trim());
  if (byName) return { ok: true, value: byName };
  return { ok: false, reason: `unknown industry '${text.trim()}' (GB/T 4754 section A–T)` };
}

function parseCode(text: string): Parsed<string> {
  return CODE_PATTERN.test(text)
    ? { ok: true, value: text }
    : { ok: false, reason: 'letters, digits, . _ - only (at most 40)' };
}

function parseCreditCode(text: string): Parsed<string> {
  const code = text.trim().toUpperCase();
  const problem = creditCodeProblem(code);
  return problem ? { ok: false, reason: CREDIT_CODE_MESSAGES[problem] } : { ok: true, value: code };
}

/**
 * A customers row (columns of the `customers` table; the account manager by username, the
 * group by the parent's code).
 *
 * @example
 * validateCustomerRow(header, ['KA1', '示例公司', '91440300708461136U', 'I', 'GD-SZ'], 2).issues
 * // → [{ line: 2, field: 'creditCode', reason: 'the check character (18th) does not match GB 32100-2015' }]
 */
export function validateCustomerRow(
  header: HeaderMap,
  cells: readonly string[],
  line: number,
): RowResult<CustomerRow> {
  const c = new Cells(header, cells, line);
  const code = c.parse('code', parseCode, true);
  const name = c.required('name');
  const creditCode = c.parse('creditCode', parseCreditCode);
  const industry = c.parse('industry', parseIndustry, true);
  const regionCode = c.required('regionCode', 40);
  const parentCode = c.parse('parentCode', parseCode);
  if (code && parentCode && code === parentCode) c.fail('parentCode', 'a customer cannot be its own group');
  const isHeadquarters = c.parse('isHeadquarters', parseBoolean);
  const accountManager = c.optional('accountManager', 100);
  const customerSince = c.parse('customerSince', parseDay);
  const employees = c.parse('employees', (t) => parseInteger(t, 0, 10_000_000));
  const row: CustomerRow = {
    code: code ?? '',
    name,
    creditCode,
    industry: industry ?? 'A',
    regionCode,
    parentCode,
    isHeadquarters: isHeadquarters ?? (c.has('isHeadquarters') ? false : undefined),
    accountManager,
    customerSince,
    address: c.optional('address'),
    phone: c.optional('phone', 60),
    employees,
  };
  return { line, row: c.issues.length === 0 ? row : null, issues: c.issues };
}

const FAMILIES = ['voice', 'data', 'bandwidth', 'newServices', 'idc'] as const;

/**
 * A billing row: amounts in yuan (≤ 2 decimals) → integer fen; the product families together
 * may not exceed the month's revenue.
 *
 * @example
 * validateBillingRow(header, ['KA1', '2026-01', '100.5'], 2).row?.revenueFen // 10050
 */
export function validateBillingRow(
  header: HeaderMap,
  cells: readonly string[],
  line: number,
): RowResult<BillingRow> {
  const c = new Cells(header, cells, line);
  const customerCode = c.parse('customerCode', parseCode, true);
  const month = c.parse('month', parseMonth, true);
  const revenueFen = c.parse('revenue', parseYuanToFen, true);
  const fam = Object.fromEntries(FAMILIES.map((f) => [f, c.money(f)])) as Record<
    (typeof FAMILIES)[number],
    number | undefined
  >;
  const drivenFen = c.parse('driven', parseYuanToFen);
  const arrearsMonths = c.parse('arrearsMonths', (t) => parseInteger(t, 0, 600));
  const dedicatedCostFen = c.money('dedicatedCost');
  const newServicesCount = c.parse('newServicesCount', (t) => parseInteger(t, 0, 100_000));
  if (typeof revenueFen === 'number') {
    const parts = FAMILIES.reduce((sum, f) => sum + (fam[f] ?? 0), 0);
    if (parts > revenueFen) {
      c.fail(
        'revenue',
        `the product families add up to ${formatYuan(parts)}, more than the revenue ${formatYuan(revenueFen)}`,
      );
    }
  }
  const row: BillingRow = {
    customerCode: customerCode ?? '',
    month: month ?? '',
    revenueFen: revenueFen ?? 0,
    voiceFen: fam.voice,
    dataFen: fam.data,
    bandwidthFen: fam.bandwidth,
    newServicesFen: fam.newServices,
    idcFen: fam.idc,
    drivenFen,
    arrearsMonths: arrearsMonths ?? (c.has('arrearsMonths') ? 0 : undefined),
    dedicatedCostFen,
    newServicesCount: newServicesCount ?? (c.has('newServicesCount') ? 0 : undefined),
  };
  return { line, row: c.issues.length === 0 ? row : null, issues: c.issues };
}

/**
 * A satisfaction row (PRODUCT.md §3, §8): satisfaction and competitor satisfaction 0–100, share
 * of wallet 0–1 (or a percentage); at least one of the three.
 *
 * @example validateSatisfactionRow(header, ['KA1', '2026-07', '86', '78', '65%'], 2).row?.walletShare // 0.65
 */
export function validateSatisfactionRow(
  header: HeaderMap,
  cells: readonly string[],
  line: number,
): RowResult<SatisfactionRow> {
  const c = new Cells(header, cells, line);
  const customerCode = c.parse('customerCode', parseCode, true);
  const period = c.parse('period', parseMonth, true);
  const satisfaction = c.parse('satisfaction', (t) => parseNumber(t, 0, 100));
  const competitorSatisfaction = c.parse('competitorSatisfaction', (t) => parseNumber(t, 0, 100));
  const walletShare = c.parse('walletShare', (t) => parseNumber(t, 0, 1, true));
  const given = [satisfaction, competitorSatisfaction, walletShare].some((v) => typeof v === 'number');
  const failed = c.issues.some((i) =>
    ['satisfaction', 'competitorSatisfaction', 'walletShare'].includes(i.field),
  );
  if (!given && !failed) c.fail('satisfaction', 'give satisfaction, competitorSatisfaction or walletShare');
  const row: SatisfactionRow = {
    customerCode: customerCode ?? '',
    period: period ?? '',
    satisfaction,
    competitorSatisfaction,
    walletShare,
  };
  return { line, row: c.issues.length === 0 ? row : null, issues: c.issues };
}

const INDICATOR_BY_NAME = new Map<string, IndicatorKey>();
for (const i of INDICATORS) {
  INDICATOR_BY_NAME.set(i.key.toLowerCase(), i.key);
  INDICATOR_BY_NAME.set(i.zh, i.key);
}

/**
 * An indicator-input row (PRODUCT.md §2): the indicator by key or Chinese name; only indicators
 * that account managers enter are accepted (the others come from billing, surveys or the
 * profile); 1–5 scales must be whole numbers 1…5, demandForecast is in yuan (stored as fen),
 * servicesMovedOut a count.
 *
 * @example validateIndicatorRow(header, ['KA1', '2026-10', 'reciprocity', '7'], 2).issues[0]?.field // 'value'
 */
export function validateIndicatorRow(
  header: HeaderMap,
  cells: readonly string[],
  line: number,
): RowResult<IndicatorRow> {
  const c = new Cells(header, cells, line);
  const customerCode = c.parse('customerCode', parseCode, true);
  const period = c.parse('period', parseMonth, true);
  const name = c.required('indicator', 100);
  const key =
    name === '' ? undefined : (INDICATOR_BY_NAME.get(name) ?? INDICATOR_BY_NAME.get(name.toLowerCase()));
  let value: number | null = null;
  if (name !== '' && !key) {
    c.fail('indicator', `unknown indicator '${name}'`);
  } else if (key) {
    const source = INDICATORS.find((i) => i.key === key)!.source;
    const text = c.text('value') ?? '';
    if (source !== 'manual') {
      c.fail('indicator', `${key} comes from ${source} data and is not entered`);
    } else if (text === '') {
      c.fail('value', 'required');
    } else {
      const parsed = key === 'demandForecast' ? parseYuanToFen(text) : parseNumber(text, -Infinity, Infinity);
      if (!parsed.ok) c.fail('value', parsed.reason);
      else {
        const issue = validateIndicatorInput(key, parsed.value, 'value');
        if (issue) c.fail('value', issue.message);
        else value = parsed.value;
      }
    }
  }
  const row: IndicatorRow | null =
    c.issues.length === 0 && key && value !== null && customerCode && period
      ? { customerCode, period, indicator: key, value }
      : null;
  return { line, row, issues: c.issues };
}

/** The row validator of a kind. */
export const ROW_VALIDATORS: {
  [K in ImportKind]: (header: HeaderMap, cells: readonly string[], line: number) => RowResult<RowOf<K>>;
} = {
  customers: validateCustomerRow,
  billing: validateBillingRow,
  satisfaction: validateSatisfactionRow,
  indicators: validateIndicatorRow,
};

/**
 * The key that must be unique within one file, with the field the duplicate is reported on.
 *
 * @example rowKey('billing', row) // { key: 'KA1|2026-01-01', field: 'month' }
 */
export function rowKey<K extends ImportKind>(kind: K, row: RowOf<K>): { key: string; field: string } {
  switch (kind) {
    case 'customers':
      return { key: (row as CustomerRow).code, field: 'code' };
    case 'billing': {
      const r = row as BillingRow;
      return { key: `${r.customerCode}|${r.month}`, field: 'month' };
    }
    case 'satisfaction': {
      const r = row as SatisfactionRow;
      return { key: `${r.customerCode}|${r.period}`, field: 'period' };
    }
    default: {
      const r = row as IndicatorRow;
      return { key: `${r.customerCode}|${r.period}|${r.indicator}`, field: 'indicator' };
    }
  }
}

/** `12345.6` style display of fen for messages. */
export function formatYuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}
