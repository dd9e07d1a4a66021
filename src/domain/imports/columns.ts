/**
 * The import kinds and their columns (PRODUCT.md §1 customer profile and billing facts, §2
 * indicator inputs, §3 satisfaction). A header cell names a column by its canonical name or by
 * one of its aliases (Chinese headers of the operator's own exports); matching ignores case,
 * spaces, `_`/`-` and a unit in brackets such as `出账收入(元)`. docs/imports.md lists them.
 */
import type { FieldIssue } from '../errors.ts';

export const IMPORT_KINDS = ['customers', 'billing', 'satisfaction', 'indicators'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export function isImportKind(value: string): value is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(value);
}

export type ColumnSpec = {
  /** Canonical header, also the field named in the bad-row report. */
  field: string;
  aliases: readonly string[];
  required: boolean;
  /** One line for the template and docs. */
  note: string;
  /** A sample value for the template's example row. */
  example: string;
};

const col = (
  field: string,
  aliases: readonly string[],
  required: boolean,
  note: string,
  example: string,
): ColumnSpec => ({ field, aliases, required, note, example });

export const IMPORT_COLUMNS: Record<ImportKind, readonly ColumnSpec[]> = {
  customers: [
    col(
      'code',
      ['客户编码', '客户编号', '集团编号', 'customerCode'],
      true,
      'customer number, unique',
      'KA900001',
    ),
    col('name', ['客户名称', '单位名称', '企业名称'], true, 'registered name', '广州市示例科技有限公司'),
    col(
      'creditCode',
      ['统一社会信用代码', '信用代码', '社会信用代码'],
      false,
      '18 characters, GB 32100 check character',
      '91440101MA5C12345E',
    ),
    col(
      'industry',
      ['行业', '行业门类', '所属行业'],
      true,
      'GB/T 4754 section letter A–T (or its Chinese name)',
      'I',
    ),
    col('regionCode', ['地区', '地区编码', '区域', '所属地区'], true, 'region code, e.g. GD-GZ', 'GD-GZ'),
    col(
      'parentCode',
      ['上级客户编码', '所属集团编码', '集团客户编码', '上级编码'],
      false,
      'code of the group this customer belongs to (in the database or earlier in the file)',
      '',
    ),
    col('isHeadquarters', ['是否总部', '总部'], false, 'yes/no, 是/否', '是'),
    col(
      'accountManager',
      ['客户经理', '客户经理账号', '客户经理工号'],
      false,
      'username of an account manager',
      'am1',
    ),
    col('customerSince', ['建立关系日期', '入网日期', '合作起始日期'], false, 'YYYY-MM-DD', '2015-06-01'),
    col('address', ['地址', '注册地址', '办公地址'], false, 'text', '广州市天河区示例路1号'),
    col('phone', ['电话', '联系电话', '总机'], false, 'text', '020-12345678'),
    col('employees', ['员工数', '员工人数', '职工人数'], false, 'whole number ≥ 0', '350'),
  ],
  billing: [
    col(
      'customerCode',
      ['客户编码', '客户编号', '集团编号', 'code'],
      true,
      'an existing customer',
      'KA900001',
    ),
    col('month', ['月份', '账期', '出账月份', '计费月份'], true, 'YYYY-MM', '2026-01'),
    col(
      'revenue',
      ['出账收入', '计费收入', '总收入', '收入'],
      true,
      "yuan, ≤ 2 decimals: the whole month's billed revenue",
      '125000.00',
    ),
    col('voice', ['语音收入', '话音收入'], false, 'yuan', '20000.00'),
    col('data', ['基础数据收入', '数据收入'], false, 'yuan', '30000.00'),
    col('bandwidth', ['带宽收入', '带宽业务收入', '专线收入'], false, 'yuan', '50000.00'),
    col('newServices', ['新业务收入', '创新业务收入'], false, 'yuan', '15000.00'),
    col('idc', ['IDC收入', '数据中心收入'], false, 'yuan', '10000.00'),
    col(
      'driven',
      ['带动收入', '拉动收入'],
      false,
      'yuan, revenue driven in public/commercial segments; empty = unknown',
      '',
    ),
    col('arrearsMonths', ['欠费月数', '欠费时长'], false, 'whole months in arrears, 0 = paid up', '0'),
    col('dedicatedCost', ['专项成本', '单独维护营销成本', '专项维护营销成本'], false, 'yuan', '1200.00'),
    col('newServicesCount', ['新业务数', '新业务数量'], false, 'whole number', '2'),
  ],
  satisfaction: [
    col(
      'customerCode',
      ['客户编码', '客户编号', '集团编号', 'code'],
      true,
      'an existing customer',
      'KA900001',
    ),
    col(
      'period',
      ['期间', '月份', '调查期间', 'month'],
      true,
      'YYYY-MM (first month of the survey period)',
      '2026-07',
    ),
    col('satisfaction', ['满意度', '综合满意度'], false, '0–100', '86'),
    col(
      'competitorSatisfaction',
      ['竞争对手满意度', '竞争对手满意度得分', '对手满意度'],
      false,
      '0–100',
      '78',
    ),
    col(
      'walletShare',
      ['钱包份额', '份额', '通信支出份额'],
      false,
      '0–1, or a percentage such as 65%',
      '0.65',
    ),
  ],
  indicators: [
    col(
      'customerCode',
      ['客户编码', '客户编号', '集团编号', 'code'],
      true,
      'an existing customer',
      'KA900001',
    ),
    col('period', ['期间', '月份', 'month'], true, 'YYYY-MM', '2026-10'),
    col(
      'indicator',
      ['指标', '指标编码', '指标名称'],
      true,
      'indicator key or its Chinese name (entered indicators only)',
      'priceSensitivity',
    ),
    col(
      'value',
      ['值', '指标值', '取值'],
      true,
      '1–5 for scales; yuan for demandForecast; a count for servicesMovedOut',
      '3',
    ),
  ],
};

/** Header text reduced for matching: lower case, no spaces, `_`, `-`, BOM or bracketed unit. */
export function normaliseHeader(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/[(（][^)）]*[)）]\s*$/, '')
    .replace(/[\s_\-*]/g, '')
    .toLowerCase();
}

export type HeaderMap = {
  /** Column index per canonical field; absent when the file has no such column. */
  index: Map<string, number>;
  issues: FieldIssue[];
};

/**
 * Maps the header row of a file of `kind` to the canonical fields. Unknown columns are ignored
 * (so exports with extra columns import); a missing required column or a field named twice is
 * an issue on line 1.
 *
 * @example
 * resolveHeader('billing', ['客户编码', '月份', '出账收入(元)']).index.get('revenue') // 2
 */
export function resolveHeader(kind: ImportKind, cells: readonly string[]): HeaderMap {
  const lookup = new Map<string, string>();
  for (const spec of IMPORT_COLUMNS[kind]) {
    lookup.set(normaliseHeader(spec.field), spec.field);
    for (const alias of spec.aliases) {
      const key = normaliseHeader(alias);
      if (!lookup.has(key)) lookup.set(key, spec.field);
    }
  }
  const index = new Map<string, number>();
  const issues: FieldIssue[] = [];
  cells.forEach((cell, i) => {
    const field = lookup.get(normaliseHeader(cell));
    if (!field) return;
    if (index.has(field)) {
      issues.push({
        field,
        message: `column ${field} appears twice (columns ${index.get(field)! + 1} and ${i + 1})`,
      });
      return;
    }
    index.set(field, i);
  });
  for (const spec of IMPORT_COLUMNS[kind]) {
    if (spec.required && !index.has(spec.field)) {
      issues.push({
        field: spec.field,
        message: `required column missing (header ${spec.field} or ${spec.aliases[0] ?? spec.field})`,
      });
    }
  }
  return { index, issues };
}

/**
 * The CSV template of a kind: a UTF-8 BOM (so Excel opens the Chinese right), the canonical
 * header and one example row.
 *
 * @example templateCsv('satisfaction').split('\r\n')[0] // '\uFEFFcustomerCode,period,…'
 */
export function templateCsv(kind: ImportKind): string {
  const specs = IMPORT_COLUMNS[kind];
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return `\uFEFF${specs.map((s) => quote(s.field)).join(',')}\r\n${specs.map((s) => quote(s.example)).join(',')}\r\n`;
}
