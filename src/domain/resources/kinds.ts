/**
 * Service resources (服务资源, PRODUCT.md §4 "Resources", seed 004 "服务资源与服务标准匹配"): the
 * four kinds of resource, the levels a budget is written for, and the kinds of ledger entry.
 * Pure constants shared by the resources module, its demo and the UI.
 */
import { GROUP_CLASSES, type GroupClass, TIERS, type Tier } from '../tiers/scheme.ts';

/**
 * Seed 004's resource classes: 实物礼品 (gift: daily-visit gifts, special terminals), 电子兑换券
 * (voucher: birthday care, alliance-merchant cards), 低值易耗品 (consumable: service hardware such
 * as folding tables and chairs) and 备机备件 (spare equipment: loan handsets, network test terminals).
 */
export const RESOURCE_KINDS = ['gift', 'voucher', 'consumable', 'spare_equipment'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** A budget is written for a China Telecom tier (1A–5A) or a China Mobile group class (A/B/C). */
export const BUDGET_LEVELS = [...TIERS, ...GROUP_CLASSES] as const;
export type BudgetLevel = Tier | GroupClass;

/** issue (发放, quantity > 0), return (退回, < 0, of one issue) or adjustment (盘点调整, ≠ 0, of one budget). */
export const LEDGER_KINDS = ['issue', 'return', 'adjustment'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export function isResourceKind(value: unknown): value is ResourceKind {
  return typeof value === 'string' && (RESOURCE_KINDS as readonly string[]).includes(value);
}

export function isBudgetLevel(value: unknown): value is BudgetLevel {
  return typeof value === 'string' && (BUDGET_LEVELS as readonly string[]).includes(value);
}
