/**
 * TMF622 Product Ordering v5 shapes (../shared/spec/tmf/TMF622-ProductOrdering-v5.0.0): a Tierline
 * order as a TMF `ProductOrder`, and TMF request bodies back to the service inputs. The customer is
 * `relatedParty` (role customer); each line is a `productOrderItem` (action `add`) whose product
 * names the product family as `productSpecification.id` and carries scope, class, cross-operator,
 * bandwidth and ends as `productCharacteristic`; fees travel as `itemPrice` in CNY (yuan, two
 * decimals) and are held in integer fen; milestones are `productOrderMilestone`.
 */
import { SERVICE_SCOPES, type ServiceScope } from '../../domain/catalog/types.ts';
import { DomainError, type FieldIssue } from '../../domain/errors.ts';
import {
  MILESTONE_NAMES_ZH,
  type Milestone,
  ORDER_STATES,
  type OrderState,
} from '../../domain/orders/lifecycle.ts';
import {
  ORDER_PRODUCTS,
  type OrderProduct,
  PRODUCT_NAMES_ZH,
  validateOrderLines,
} from '../../domain/orders/order-plan.ts';
import { isProvisioningClass, type ProvisioningClass } from '../../domain/orders/provisioning-class.ts';
import { TMF629_BASE } from '../customers/customers.tmf.ts';
import type { EventRow } from './orders.repo.ts';
import type { CreateOrderBody, ItemView, OrderView } from './orders.schema.ts';

export const TMF622_BASE = '/tmf-api/productOrderingManagement/v5';

type Json = Record<string, unknown>;
export type TmfOrder = Json & { '@type': 'ProductOrder'; id: string; href: string };

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** fen → yuan as a number with two decimals (for `Money.value`). */
const yuan = (fen: number) => Math.round(fen) / 100;
const money = (fen: number) => ({ unit: 'CNY', value: yuan(fen) });

/** The instant a Shanghai day starts, as TMF date-times are written. */
const dayStart = (date: string | null) => (date === null ? null : `${date}T00:00:00+08:00`);

type Characteristic = { '@type': string; name: string; valueType: string; value: unknown };
const ch = (name: string, value: string | number | boolean | null): Characteristic | null =>
  value === null
    ? null
    : {
        '@type': `${typeof value === 'number' ? 'Integer' : typeof value === 'boolean' ? 'Boolean' : 'String'}Characteristic`,
        name,
        valueType: typeof value === 'number' ? 'integer' : typeof value,
        value,
      };

function itemPrices(i: ItemView): Json[] {
  return [
    {
      '@type': 'OrderPrice',
      name: '一次性费用',
      priceType: 'oneTime',
      price: { '@type': 'Price', taxIncludedAmount: money(i.oneTimeFeeFen) },
      ...(i.feePercent !== 100
        ? {
            priceAlteration: [
              {
                '@type': 'PriceAlteration',
                name: '开通等级系数',
                priceType: 'oneTime',
                price: { '@type': 'Price', percentage: i.feePercent },
                description: `list ${yuan(i.listOneTimeFeeFen).toFixed(2)} CNY × ${i.feePercent}%`,
              },
            ],
          }
        : {}),
    },
    {
      '@type': 'OrderPrice',
      name: '月租费',
      priceType: 'recurring',
      recurringChargePeriod: 'month',
      price: { '@type': 'Price', taxIncludedAmount: money(i.monthlyFeeFen) },
    },
  ];
}

function toTmfItem(i: ItemView): Json {
  const characteristics = [
    ch('scope', i.scope),
    ch('crossOperator', i.crossOperator),
    ch('provisioningClass', i.provisioningClass),
    ch('bandwidthMbps', i.bandwidthMbps),
    ch('aEnd', i.aEnd),
    ch('zEnd', i.zEnd),
    ch('milestone', i.milestone),
    ch('dueDate', i.dueDate),
    ch('dueProvisional', i.dueProvisional),
    ch('dueBasis', i.dueBasis.text),
    ch('circuitNumber', i.circuitNumber),
    ch('activatedOn', i.activatedOn),
    ch('overdueWorkingDays', i.overdueWorkingDays),
  ].filter((c): c is Characteristic => c !== null);
  return {
    '@type': 'ProductOrderItem',
    id: String(i.lineNo),
    action: 'add',
    quantity: 1,
    state: i.state,
    product: {
      '@type': 'Product',
      ...(i.circuitId ? { id: i.circuitId, name: i.circuitNumber } : {}),
      isBundle: false,
      productSpecification: {
        '@type': 'ProductSpecificationRef',
        id: i.product,
        name: PRODUCT_NAMES_ZH[i.product],
      },
      productCharacteristic: characteristics,
    },
    itemPrice: itemPrices(i),
  };
}

/** The TMF622 `ProductOrder` of an order view with its lines and events. `origin`: scheme://host. */
export function toTmfOrder(
  o: OrderView,
  items: readonly ItemView[],
  events: readonly EventRow[],
  origin: string,
): TmfOrder {
  const lineOf = new Map(items.map((i) => [i.id, i.lineNo]));
  const milestones = events
    .filter((e) => (e.kind === 'milestone' || e.kind === 'delivery') && e.toValue)
    .map((e) => ({
      '@type': 'ProductOrderMilestone',
      id: String(e.id),
      name: e.toValue,
      description: MILESTONE_NAMES_ZH[e.toValue as Milestone] ?? e.toValue,
      milestoneDate: new Date(e.at).toISOString(),
      status: 'reached',
      productOrderItem: e.itemId
        ? [
            {
              '@type': 'ProductOrderItemRef',
              productOrderId: o.id,
              productOrderItemId: String(lineOf.get(e.itemId) ?? ''),
            },
          ]
        : [],
    }));
  const live = items.filter((i) => i.state !== 'cancelled');
  return {
    '@type': 'ProductOrder',
    id: o.id,
    href: `${origin}${TMF622_BASE}/productOrder/${o.id}`,
    category: 'enterprise',
    description: o.description ?? undefined,
    priority: o.priority,
    state: o.state,
    creationDate: o.createdAt,
    ...(o.requestedCompletionDate ? { requestedCompletionDate: dayStart(o.requestedCompletionDate) } : {}),
    ...(o.expectedCompletionDate ? { expectedCompletionDate: dayStart(o.expectedCompletionDate) } : {}),
    ...(o.completionDate && o.state === 'completed' ? { completionDate: o.completionDate } : {}),
    ...(o.state === 'cancelled' || o.state === 'rejected'
      ? {
          cancellationDate: o.completionDate ?? undefined,
          cancellationReason: o.cancellationReason ?? undefined,
        }
      : {}),
    ...(o.externalId
      ? { externalId: [{ '@type': 'ExternalIdentifier', id: o.externalId, owner: 'client' }] }
      : {}),
    channel: [
      {
        '@type': 'RelatedChannel',
        role: 'orderChannel',
        channel: { '@type': 'ChannelRef', id: o.channel, name: o.channel },
      },
    ],
    relatedParty: [
      {
        '@type': 'RelatedPartyRefOrPartyRoleRef',
        role: 'customer',
        partyOrPartyRole: {
          '@type': 'PartyRoleRef',
          '@referredType': 'Customer',
          id: o.customerId,
          href: `${origin}${TMF629_BASE}/customer/${o.customerId}`,
          name: o.customerName,
        },
      },
      ...(o.accountManagerId
        ? [
            {
              '@type': 'RelatedPartyRefOrPartyRoleRef',
              role: 'accountManager',
              partyOrPartyRole: {
                '@type': 'PartyRef',
                '@referredType': 'Individual',
                id: o.accountManagerId,
                ...(o.accountManagerName ? { name: o.accountManagerName } : {}),
              },
            },
          ]
        : []),
    ],
    productOrderItem: items.map(toTmfItem),
    productOrderMilestone: milestones,
    orderTotalPrice: [
      {
        '@type': 'OrderPrice',
        name: '一次性费用合计',
        priceType: 'oneTime',
        price: { '@type': 'Price', taxIncludedAmount: money(live.reduce((s, i) => s + i.oneTimeFeeFen, 0)) },
      },
      {
        '@type': 'OrderPrice',
        name: '月租费合计',
        priceType: 'recurring',
        recurringChargePeriod: 'month',
        price: { '@type': 'Price', taxIncludedAmount: money(live.reduce((s, i) => s + i.monthlyFeeFen, 0)) },
      },
    ],
  };
}

/** Attribute selection (`fields=state,priority`): those plus `@type`, `id`, `href`. */
export function selectFields(order: TmfOrder, fields: string | undefined): Json {
  if (!fields) return order;
  const wanted = new Set(fields.split(',').map((f) => f.trim()));
  const out: Json = { '@type': order['@type'], id: order.id, href: order.href };
  for (const key of Object.keys(order)) if (wanted.has(key)) out[key] = order[key];
  return out;
}

function refuse(issues: FieldIssue[]): void {
  if (issues.length > 0)
    throw new DomainError(
      'VALIDATION_FAILED',
      `Invalid product order: ${issues.map((i) => i.field).join(', ')}`,
      issues,
    );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A TMF date-time (or date) as the Shanghai day. */
function tmfDay(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A money value in yuan to fen (at most two decimals, not negative). */
function fenOf(value: unknown): number | null {
  const v = isObject(value) ? value.value : value;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return null;
  const fen = Math.round(v * 100);
  return Math.abs(fen - v * 100) < 1e-6 && Number.isSafeInteger(fen) ? fen : null;
}

function priceFen(p: Json): number | null {
  const price = isObject(p.price) ? p.price : null;
  if (!price) return null;
  return fenOf(price.taxIncludedAmount ?? price.dutyFreeAmount);
}

function readItem(raw: unknown, i: number, issues: FieldIssue[]): CreateOrderBody['items'][number] | null {
  const at = (f: string) => `productOrderItem[${i}]${f ? `.${f}` : ''}`;
  if (!isObject(raw)) {
    issues.push({ field: at(''), message: 'must be an object' });
    return null;
  }
  if (raw.action !== undefined && raw.action !== 'add')
    issues.push({ field: at('action'), message: "only 'add' is supported" });
  if (raw.quantity !== undefined && raw.quantity !== 1)
    issues.push({ field: at('quantity'), message: 'one line per product (quantity 1)' });
  const product = isObject(raw.product) ? raw.product : {};
  const spec = isObject(product.productSpecification) ? product.productSpecification : {};
  const chars = new Map<string, unknown>();
  for (const c of Array.isArray(product.productCharacteristic) ? product.productCharacteristic : [])
    if (isObject(c) && typeof c.name === 'string') chars.set(c.name, c.value);
  const productCode = (spec.id ?? chars.get('product')) as unknown;
  if (!(ORDER_PRODUCTS as readonly unknown[]).includes(productCode))
    issues.push({
      field: at('product.productSpecification.id'),
      message: `the product family, one of ${ORDER_PRODUCTS.join(', ')}`,
    });
  const scope = chars.get('scope') ?? 'local';
  if (!(SERVICE_SCOPES as readonly unknown[]).includes(scope))
    issues.push({ field: at('product.productCharacteristic.scope'), message: SERVICE_SCOPES.join(', ') });
  const cls = chars.get('provisioningClass') ?? null;
  if (cls !== null && !isProvisioningClass(cls))
    issues.push({
      field: at('product.productCharacteristic.provisioningClass'),
      message: 'express, urgent or normal',
    });
  const cross = chars.get('crossOperator') ?? false;
  if (typeof cross !== 'boolean')
    issues.push({ field: at('product.productCharacteristic.crossOperator'), message: 'a boolean' });
  const bw = chars.get('bandwidthMbps') ?? null;
  if (bw !== null && !(Number.isInteger(bw) && (bw as number) > 0))
    issues.push({ field: at('product.productCharacteristic.bandwidthMbps'), message: 'a positive integer' });
  let listOneTimeFeeFen = 0;
  let monthlyFeeFen = 0;
  for (const [k, p] of (Array.isArray(raw.itemPrice) ? raw.itemPrice : []).entries()) {
    if (!isObject(p)) continue;
    const fen = priceFen(p);
    if (fen === null) {
      issues.push({
        field: at(`itemPrice[${k}].price`),
        message: 'a non-negative CNY amount with at most 2 decimals',
      });
      continue;
    }
    if (p.priceType === 'recurring') monthlyFeeFen = fen;
    else listOneTimeFeeFen = fen;
  }
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, 200) : null);
  return {
    product: productCode as OrderProduct,
    scope: scope as ServiceScope,
    crossOperator: cross === true,
    provisioningClass: (cls as ProvisioningClass | null) ?? null,
    bandwidthMbps: (bw as number | null) ?? null,
    aEnd: text(chars.get('aEnd')),
    zEnd: text(chars.get('zEnd')),
    listOneTimeFeeFen,
    monthlyFeeFen,
  };
}

/**
 * A TMF `ProductOrder_FVO` as a service create. The one-time `itemPrice` is the list fee (before
 * the class surcharge, which the answer shows as a price alteration).
 */
export function fromTmfCreate(body: unknown): CreateOrderBody {
  if (!isObject(body)) {
    refuse([{ field: 'body', message: 'must be a JSON object' }]);
    throw new Error('unreachable');
  }
  const issues: FieldIssue[] = [];
  if (body['@type'] !== undefined && body['@type'] !== 'ProductOrder')
    issues.push({ field: '@type', message: "must be 'ProductOrder'" });
  if (body.state !== undefined && body.state !== 'acknowledged')
    issues.push({ field: 'state', message: 'a new order starts acknowledged' });
  let customerId: string | null = null;
  for (const [i, rp] of (Array.isArray(body.relatedParty) ? body.relatedParty : []).entries()) {
    if (!isObject(rp) || rp.role !== 'customer') continue;
    const ref = isObject(rp.partyOrPartyRole) ? rp.partyOrPartyRole : rp;
    if (typeof ref.id === 'string' && UUID.test(ref.id)) customerId = ref.id;
    else
      issues.push({ field: `relatedParty[${i}].partyOrPartyRole.id`, message: 'the customer id (a uuid)' });
  }
  if (!customerId)
    issues.push({
      field: 'relatedParty.customer',
      message: "required: {role: 'customer', partyOrPartyRole: {id}}",
    });
  const rawItems = Array.isArray(body.productOrderItem) ? body.productOrderItem : [];
  if (rawItems.length === 0 || rawItems.length > 50)
    issues.push({ field: 'productOrderItem', message: '1 to 50 items' });
  const items = rawItems.map((raw, i) => readItem(raw, i, issues));
  let priority = '2';
  if (body.priority !== undefined) {
    if (typeof body.priority === 'string' && /^[0-4]$/.test(body.priority)) priority = body.priority;
    else issues.push({ field: 'priority', message: "'0' (highest) … '4'" });
  }
  let requestedCompletionDate: string | null = null;
  if (body.requestedCompletionDate !== undefined && body.requestedCompletionDate !== null) {
    requestedCompletionDate = tmfDay(body.requestedCompletionDate);
    if (!requestedCompletionDate)
      issues.push({ field: 'requestedCompletionDate', message: 'an ISO date-time' });
  }
  if (
    body.description !== undefined &&
    (typeof body.description !== 'string' || body.description.length > 2000)
  )
    issues.push({ field: 'description', message: 'a text of at most 2000 characters' });
  const externalId =
    Array.isArray(body.externalId) &&
    isObject(body.externalId[0]) &&
    typeof body.externalId[0].id === 'string'
      ? body.externalId[0].id.slice(0, 120)
      : null;
  refuse(issues);
  const lines = items as CreateOrderBody['items'];
  // The class rules (cross-operator, products of the table), named as the TMF attributes.
  refuse(
    validateOrderLines(lines).map((i) => ({
      ...i,
      field: i.field
        .replace(
          /^items\[(\d+)\]\.provisioningClass$/,
          'productOrderItem[$1].product.productCharacteristic.provisioningClass',
        )
        .replace(/^items/, 'productOrderItem'),
    })),
  );
  return {
    customerId: customerId!,
    items: lines,
    priority: priority as CreateOrderBody['priority'],
    channel: 'api',
    description: typeof body.description === 'string' ? body.description : null,
    requestedCompletionDate,
    externalId,
  };
}

export type TmfOrderPatch = {
  attributes: {
    priority?: string;
    description?: string | null;
    requestedCompletionDate?: string | null;
    externalId?: string | null;
  };
  state?: { state: OrderState; reason: string | null };
};

const TOLERATED = new Set(['@type', '@baseType', '@schemaLocation', 'id', 'href', 'cancellationReason']);

/** A JSON merge patch of a ProductOrder: priority, description, requestedCompletionDate, externalId, state. */
export function fromTmfPatch(body: unknown, id: string): TmfOrderPatch {
  if (!isObject(body)) {
    refuse([{ field: 'body', message: 'must be a JSON object (merge patch)' }]);
    throw new Error('unreachable');
  }
  const issues: FieldIssue[] = [];
  const out: TmfOrderPatch = { attributes: {} };
  for (const [key, value] of Object.entries(body)) {
    if (TOLERATED.has(key)) continue;
    switch (key) {
      case 'priority':
        if (typeof value === 'string' && /^[0-4]$/.test(value)) out.attributes.priority = value;
        else issues.push({ field: key, message: "'0' (highest) … '4'" });
        break;
      case 'description':
        if (value === null || (typeof value === 'string' && value.length <= 2000))
          out.attributes.description = value as string | null;
        else issues.push({ field: key, message: 'a text of at most 2000 characters, or null' });
        break;
      case 'requestedCompletionDate': {
        if (value === null) out.attributes.requestedCompletionDate = null;
        else {
          const d = tmfDay(value);
          if (d) out.attributes.requestedCompletionDate = d;
          else issues.push({ field: key, message: 'an ISO date-time or null' });
        }
        break;
      }
      case 'externalId':
        if (value === null || (Array.isArray(value) && value.length === 0)) out.attributes.externalId = null;
        else if (Array.isArray(value) && isObject(value[0]) && typeof value[0].id === 'string')
          out.attributes.externalId = value[0].id.slice(0, 120);
        else issues.push({ field: key, message: 'an array of {id}' });
        break;
      case 'state':
        if (typeof value === 'string' && (ORDER_STATES as readonly string[]).includes(value)) {
          const reason = body.cancellationReason;
          out.state = { state: value as OrderState, reason: typeof reason === 'string' ? reason : null };
        } else issues.push({ field: key, message: `one of ${ORDER_STATES.join(', ')}` });
        break;
      default:
        issues.push({ field: key, message: 'cannot be changed through this API' });
    }
  }
  if (body['@type'] !== undefined && body['@type'] !== 'ProductOrder')
    issues.push({ field: '@type', message: "must be 'ProductOrder'" });
  if (body.id !== undefined && body.id !== id) issues.push({ field: 'id', message: 'is read-only' });
  if (body.cancellationReason !== undefined && body.state === undefined)
    issues.push({ field: 'cancellationReason', message: 'goes with a state change' });
  refuse(issues);
  return out;
}
