/**
 * Order lines priced and dated (PRODUCT.md §5, 业务受理与开通). A line's due date comes from its
 * provisioning class (`PROVISIONING_CLASS_TABLE`: working days per product from the acceptance
 * day) or, without a class, from the customer's entitlement (basic and star standards, via the
 * catalog); a cross-operator line gets no differentiated service, so it is dated by the **basic**
 * standard. Nothing applicable (IDC "as agreed", on-demand standards without a requested date,
 * "other") → no due date, with the reason. `dueBasis.text` says why in words a front desk reads.
 */
import type { WorkCalendar } from '../calendar/calendar.ts';
import { shanghaiDateOf } from '../calendar/dates.ts';
import { type ComputedDeadline, computeDeadline, type DeadlineRule } from '../calendar/deadline.ts';
import { describeServiceTime, serviceTimeToDeadlineRule } from '../catalog/deadline.ts';
import { type EntitlementSubject, resolveEntitlement } from '../catalog/entitlements.ts';
import { type CatalogDocument, SERVICE_SCOPES, type ServiceScope } from '../catalog/types.ts';
import { pricedOneTimeFee } from '../compensation/provisioning.ts';
import type { FieldIssue } from '../errors.ts';
import {
  CLASS_PRODUCTS,
  isClassProduct,
  PROVISIONING_CLASS_TABLE,
  type ProvisioningClass,
} from './provisioning-class.ts';

export const ORDER_PRODUCTS = [
  'fixed_line',
  'digital_circuit',
  'ddn',
  'fr_atm',
  'data_circuit',
  'dedicated_internet',
  'broadband',
  'idc',
  'other',
] as const;
export type OrderProduct = (typeof ORDER_PRODUCTS)[number];

export const ORDER_SCOPES = SERVICE_SCOPES;

export const PRODUCT_NAMES_ZH: Record<OrderProduct, string> = {
  fixed_line: '固定电话',
  digital_circuit: '数字电路',
  ddn: 'DDN',
  fr_atm: '帧中继/ATM',
  data_circuit: '数据电路',
  dedicated_internet: '互联网专线',
  broadband: '宽带',
  idc: 'IDC',
  other: '其他',
};

export const SCOPE_NAMES_ZH: Record<ServiceScope, string> = {
  local: '本地',
  in_province: '省内',
  inter_province: '省际',
};

export type OrderLineInput = {
  product: OrderProduct;
  scope: ServiceScope;
  crossOperator: boolean;
  provisioningClass: ProvisioningClass | null;
  /** The fee before the class surcharge, in fen. */
  listOneTimeFeeFen: number;
  monthlyFeeFen: number;
};

/** Why a line is due when it is (stored as `due_basis`). */
export type DueBasis = {
  source: 'class' | 'entitlement' | 'requested' | 'none';
  /** The reason in words a front desk can read (Chinese). */
  text: string;
  provisioningClass: ProvisioningClass | null;
  workingDays: number | null;
  itemCode: string | null;
  itemName: string | null;
  /** The level whose standard applied (5A … 1A, A/B/C, basic). */
  level: string | null;
  wording: string | null;
  crossOperator: boolean;
  /** The entitlement's rule chain, one line per step (English, as the catalog explains it). */
  explanation: string[];
};

export type PlannedLine = OrderLineInput & {
  lineNo: number;
  oneTimeFeeFen: number;
  /** Surcharge percent applied to the list fee (150 / 130 / 100). */
  feePercent: number;
  startDate: string;
  dueRule: DeadlineRule | null;
  dueDate: string | null;
  dueAt: string | null;
  dueProvisional: boolean;
  dueBasis: DueBasis;
};

export type PlanContext = {
  calendar: WorkCalendar;
  /** The acceptance instant (UTC ISO); the clock starts on its Shanghai day. */
  acceptedAt: string;
  catalog: CatalogDocument;
  /** The customer as the catalog sees it (tier, stars, group class). */
  subject: EntitlementSubject;
  /** The customer's requested date, used for on-demand / as-agreed standards. */
  requestedCompletionDate: string | null;
};

const BASIC_SUBJECT: EntitlementSubject = { tier: null, stars: null, groupClass: null };
const TWENTY_FOUR_SEVEN = { kind: '24x7' } as const;

/**
 * The problems of a set of lines, fields named as the request does (`items[1].provisioningClass`).
 *
 * @example
 * validateOrderLines([{ product: 'ddn', scope: 'local', crossOperator: true, provisioningClass: 'express',
 *   listOneTimeFeeFen: 0, monthlyFeeFen: 0 }]);
 * // [{ field: 'items[0].provisioningClass', message: 'a cross-operator line gets no provisioning class …' }]
 */
export function validateOrderLines(lines: readonly OrderLineInput[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (lines.length === 0) issues.push({ field: 'items', message: 'an order needs at least one line' });
  lines.forEach((line, i) => {
    const at = (f: string) => `items[${i}].${f}`;
    if (!(ORDER_PRODUCTS as readonly string[]).includes(line.product))
      issues.push({ field: at('product'), message: `one of ${ORDER_PRODUCTS.join(', ')}` });
    if (!(ORDER_SCOPES as readonly string[]).includes(line.scope))
      issues.push({ field: at('scope'), message: `one of ${ORDER_SCOPES.join(', ')}` });
    for (const f of ['listOneTimeFeeFen', 'monthlyFeeFen'] as const) {
      const v = line[f];
      if (!Number.isSafeInteger(v) || v < 0)
        issues.push({ field: at(f), message: 'a whole, non-negative number of fen' });
    }
    if (line.provisioningClass !== null) {
      if (line.crossOperator) {
        issues.push({
          field: at('provisioningClass'),
          message: 'a cross-operator line gets no provisioning class (no differentiated service)',
        });
      } else if (!isClassProduct(line.product)) {
        issues.push({
          field: at('provisioningClass'),
          message: `provisioning classes apply to ${CLASS_PRODUCTS.join(', ')} only`,
        });
      }
    }
  });
  return issues;
}

/** The catalog item (and the product it is asked as) that dates a line without a class. */
export function entitlementQueryOf(
  product: OrderProduct,
  scope: ServiceScope,
): { itemCode: string; product: string | null; scope: ServiceScope | null; note: string | null } | null {
  switch (product) {
    case 'fixed_line':
      return { itemCode: 'fixed_line_installation', product: null, scope: null, note: null };
    case 'digital_circuit':
    case 'data_circuit':
      return { itemCode: 'circuit_provisioning', product, scope, note: null };
    case 'ddn':
      return {
        itemCode: 'circuit_provisioning',
        product: 'digital_circuit',
        scope,
        note: 'DDN 按数字电路标准',
      };
    case 'fr_atm':
      return {
        itemCode: 'circuit_provisioning',
        product: 'data_circuit',
        scope,
        note: '帧中继/ATM 按数据电路标准',
      };
    case 'dedicated_internet':
      return { itemCode: 'internet_provisioning', product: 'dedicated_internet', scope: null, note: null };
    case 'broadband':
      return {
        itemCode: 'internet_provisioning',
        product: 'adsl_lan',
        scope: null,
        note: '宽带按 ADSL/LAN 标准',
      };
    case 'idc':
      return { itemCode: 'idc_provisioning', product: null, scope: null, note: null };
    case 'other':
      return null;
  }
}

const LEVEL_NAMES: Record<string, string> = {
  basic: '基本服务标准',
  A: '集团A类',
  B: '集团B类',
  C: '集团C类',
};

/** A level as people say it: '5A', '集团A类', '基本服务标准'. */
export function levelName(level: string | null): string {
  if (level === null) return '无';
  return LEVEL_NAMES[level] ?? level;
}

function emptyBasis(crossOperator: boolean): DueBasis {
  return {
    source: 'none',
    text: '',
    provisioningClass: null,
    workingDays: null,
    itemCode: null,
    itemName: null,
    level: null,
    wording: null,
    crossOperator,
    explanation: [],
  };
}

type Due = { rule: DeadlineRule | null; due: ComputedDeadline | null; basis: DueBasis };

function classDue(line: OrderLineInput, cls: ProvisioningClass, ctx: PlanContext, startDate: string): Due {
  const terms = PROVISIONING_CLASS_TABLE[cls];
  const product = line.product as keyof typeof terms.workingDays;
  const workingDays = terms.workingDays[product];
  const rule: DeadlineRule = {
    kind: 'workdays',
    startAt: ctx.acceptedAt,
    workdays: workingDays,
    clock: TWENTY_FOUR_SEVEN,
  };
  return {
    rule,
    due: computeDeadline(ctx.calendar, rule),
    basis: {
      ...emptyBasis(false),
      source: 'class',
      provisioningClass: cls,
      workingDays,
      text: `开通等级「${terms.nameZh}」:${PRODUCT_NAMES_ZH[line.product]} ${workingDays} 个工作日,自受理日 ${startDate} 起算`,
    },
  };
}

function entitlementDue(line: OrderLineInput, ctx: PlanContext): Due {
  const query = entitlementQueryOf(line.product, line.scope);
  const cross = line.crossOperator;
  const prefix = cross ? '跨运营商电路,不享受差异化服务,按基本服务标准:' : '无开通等级,按客户权益:';
  if (!query) {
    return {
      rule: null,
      due: null,
      basis: { ...emptyBasis(cross), text: `${prefix}「其他」业务没有开通时限标准,按双方约定办理` },
    };
  }
  const subject = cross ? BASIC_SUBJECT : ctx.subject;
  const e = resolveEntitlement(ctx.catalog, subject, {
    itemCode: query.itemCode,
    product: query.product,
    scope: query.scope,
  });
  const note = query.note ? `(${query.note})` : '';
  const basis: DueBasis = {
    ...emptyBasis(cross),
    source: 'entitlement',
    itemCode: query.itemCode,
    itemName: e.item.name,
    level: e.level,
    wording: e.wording,
    explanation: e.explanation.map((s) => s.message),
  };
  const head = `${prefix}${e.item.name}${note} · ${levelName(e.level)}`;
  if (!e.provided || !e.responseTime) {
    return {
      rule: null,
      due: null,
      basis: { ...basis, source: 'none', text: `${head}:无适用的开通时限标准` },
    };
  }
  const rule = serviceTimeToDeadlineRule(e.responseTime, ctx.acceptedAt);
  const wording = e.wording ?? describeServiceTime(e.responseTime);
  if (rule === null) {
    // 按需 / 按客户要求: the customer's requested date, when given, is the due date.
    if (ctx.requestedCompletionDate) {
      return {
        rule: null,
        due: {
          dueDate: ctx.requestedCompletionDate,
          dueAt: endOfShanghaiDay(ctx.requestedCompletionDate),
          provisional: false,
        },
        basis: {
          ...basis,
          source: 'requested',
          text: `${head}「${wording}」:按客户要求的完成日 ${ctx.requestedCompletionDate}`,
        },
      };
    }
    return {
      rule: null,
      due: null,
      basis: { ...basis, source: 'none', text: `${head}「${wording}」:没有固定时限,按客户要求或协议办理` },
    };
  }
  if (rule.kind === 'workdays') basis.workingDays = rule.workdays;
  return {
    rule,
    due: computeDeadline(ctx.calendar, rule),
    basis: { ...basis, text: `${head}「${wording}」,自受理日 ${shanghaiDateOf(ctx.acceptedAt)} 起算` },
  };
}

/** The UTC instant at which a Shanghai day ends (its next midnight, +08:00). */
function endOfShanghaiDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1) - 8 * 3_600_000).toISOString();
}

/**
 * One line priced (the class surcharge) and dated (class or entitlement).
 *
 * @example
 * planOrderLine({ product: 'digital_circuit', scope: 'local', crossOperator: false, provisioningClass: 'express',
 *   listOneTimeFeeFen: 200_000, monthlyFeeFen: 50_000 }, 1, ctx);
 * // → { oneTimeFeeFen: 300_000, dueDate: <5 working days after the acceptance day>, dueBasis: { source: 'class', … } }
 */
export function planOrderLine(line: OrderLineInput, lineNo: number, ctx: PlanContext): PlannedLine {
  const startDate = shanghaiDateOf(ctx.acceptedAt);
  const cls = line.crossOperator ? null : line.provisioningClass;
  const d =
    cls !== null && isClassProduct(line.product)
      ? classDue(line, cls, ctx, startDate)
      : entitlementDue(line, ctx);
  return {
    ...line,
    provisioningClass: cls,
    lineNo,
    oneTimeFeeFen: pricedOneTimeFee(line.listOneTimeFeeFen, cls),
    feePercent: cls === null ? 100 : PROVISIONING_CLASS_TABLE[cls].feePercent,
    startDate,
    dueRule: d.rule,
    dueDate: d.due?.dueDate ?? null,
    dueAt: d.due?.dueAt ?? null,
    dueProvisional: d.due?.provisional ?? false,
    dueBasis: d.basis,
  };
}

export type OrderPlan = {
  lines: PlannedLine[];
  /** The latest line due date (null when no line has one). */
  expectedCompletionDate: string | null;
  expectedProvisional: boolean;
  totals: { listOneTimeFeeFen: number; oneTimeFeeFen: number; monthlyFeeFen: number };
};

/**
 * Every line planned, with the order's expected completion date (the latest due date) and totals.
 * Call `validateOrderLines` first.
 */
export function planOrder(lines: readonly OrderLineInput[], ctx: PlanContext): OrderPlan {
  const planned = lines.map((l, i) => planOrderLine(l, i + 1, ctx));
  return { lines: planned, ...summariseDue(planned), totals: totalsOf(planned) };
}

/** The order's expected completion date from its lines' due dates (latest; provisional if it is). */
export function summariseDue(
  lines: readonly { dueDate: string | null; dueProvisional: boolean; state?: string }[],
): { expectedCompletionDate: string | null; expectedProvisional: boolean } {
  let latest: { dueDate: string; dueProvisional: boolean } | null = null;
  for (const l of lines) {
    if (l.state === 'cancelled' || l.dueDate === null) continue;
    if (latest === null || l.dueDate > latest.dueDate)
      latest = { dueDate: l.dueDate, dueProvisional: l.dueProvisional };
  }
  return {
    expectedCompletionDate: latest?.dueDate ?? null,
    expectedProvisional: latest?.dueProvisional ?? false,
  };
}

function totalsOf(lines: readonly PlannedLine[]) {
  return lines.reduce(
    (acc, l) => ({
      listOneTimeFeeFen: acc.listOneTimeFeeFen + l.listOneTimeFeeFen,
      oneTimeFeeFen: acc.oneTimeFeeFen + l.oneTimeFeeFen,
      monthlyFeeFen: acc.monthlyFeeFen + l.monthlyFeeFen,
    }),
    { listOneTimeFeeFen: 0, oneTimeFeeFen: 0, monthlyFeeFen: 0 },
  );
}
