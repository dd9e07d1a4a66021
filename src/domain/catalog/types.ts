/**
 * The service standards catalog (PRODUCT.md §4, seed 001 star table, seed 004): what each tier is
 * owed. One `CatalogDocument` is one published version of the whole catalog; editing publishes a
 * new version with an effective date, and orders, tickets and tasks keep the version they
 * started under. Pure types and constants shared by the catalog, entitlement resolution,
 * mandatory-action tasks and every module that takes a deadline from a standard.
 */
import type { GroupClass, Tier } from '../tiers/scheme.ts';

/** 基础 / 增值 / 延伸服务 (seed 004 "三大服务类别"). */
export const SERVICE_CATEGORIES = ['basic', 'value_added', 'extended'] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

/** 集团属性 / 成员属性 / 个人属性 (seed 004). */
export const SERVICE_ATTRIBUTES = ['group', 'member', 'personal'] as const;
export type ServiceAttribute = (typeof SERVICE_ATTRIBUTES)[number];

/** The need a service answers (seed 004): 基本型 / 增值型 / 延伸型需求. */
export const SERVICE_NEEDS = ['basic', 'value_added', 'extended'] as const;
export type ServiceNeed = (typeof SERVICE_NEEDS)[number];

/** A key contact's role in the group (关键联系人): 重要核心成员 / 重要普通成员 / 普通. */
export const CONTACT_ROLES = ['core', 'important', 'ordinary'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

/**
 * The level a standard or an action is written for: a China Telecom tier (1A–5A, served at
 * 1★–5★), a China Mobile group class (A/B/C), or `basic` — the basic service standard every
 * customer is owed whatever its tier (基本服务标准).
 */
export type ServiceLevel = Tier | GroupClass | 'basic';

/** Circuit or service scope (本地 / 省内 / 省际). */
export const SERVICE_SCOPES = ['local', 'in_province', 'inter_province'] as const;
export type ServiceScope = (typeof SERVICE_SCOPES)[number];

/** The known recurrence periods; a frequency naming anything else is refused. 旬 = dekad. */
export const PERIODS = ['dekad', 'month', 'quarter', 'half_year', 'year'] as const;
export type Period = (typeof PERIODS)[number];

/**
 * A deadline as a calendar-aware rule (响应速度 / 时限), turned into a due instant by the calendar
 * module (`src/domain/calendar/deadline.ts`):
 * - `workdays`: N working days (工作日, with 调休), e.g. "2 个工作日";
 * - `hours`: N hours on a 7×24 clock or on business hours of working days, e.g. "不超过 4 小时";
 * - `days`: N calendar days ("不超过一天");
 * - `on_demand`: 按需 / 按需及时 — as the customer asks, no fixed limit;
 * - `as_agreed`: 按客户要求 / 按协议 — set per contract or order.
 */
export type ServiceTime =
  | { kind: 'workdays'; days: number }
  | { kind: 'hours'; hours: number; clock: '24x7' | 'business' }
  | { kind: 'days'; days: number }
  | { kind: 'on_demand' }
  | { kind: 'as_agreed' };

/** 服务频率: `times` per `period`, e.g. one visit per month. */
export type Frequency = { times: number; period: Period };

/** A service item (服务项目). `code` is stable across versions (snake_case). */
export type ServiceItem = {
  code: string;
  /** Chinese name as people know it, e.g. 固定电话装机时限. */
  name: string;
  nameEn: string;
  category: ServiceCategory;
  attribute: ServiceAttribute;
  need: ServiceNeed;
  description?: string | null;
  /**
   * The product families this item distinguishes in its standards (e.g. `dedicated_internet`,
   * `dial_up`, `adsl_lan` for internet provisioning); empty when the item has one standard per level.
   */
  products?: string[];
  /** Whether its standards distinguish local / in-province / inter-province. */
  scoped?: boolean;
};

/**
 * One standard (服务标准): what `level` gets for `itemCode`, in the five dimensions of seed 004 —
 * response speed (`responseTime`), frequency, provided or not, degree, coverage — with the
 * seed's own wording. `product`, `scope` and `contactRole` narrow it; absent means "any".
 */
export type Standard = {
  itemCode: string;
  level: ServiceLevel;
  product?: string | null;
  scope?: ServiceScope | null;
  contactRole?: ContactRole | null;
  /** 提供与否. */
  provided: boolean;
  /** 响应速度 / 时限. */
  responseTime: ServiceTime | null;
  /** "95 % within 20 wd": the share of cases the time must hold for. */
  targetPercent?: number | null;
  /** 服务频率. */
  frequency: Frequency | null;
  /** 提供程度, e.g. 光端机到客户. */
  degree: string | null;
  /** 覆盖范围, e.g. 集团总部及省内分支机构. */
  coverage: string | null;
  /** The seed's (or administrator's) wording in Chinese, shown as written. */
  wording: string;
};

/** What generates a mandatory action's dated tasks. */
export type ActionSchedule =
  /** `times` tasks per period, due on the last working day of each slice of the period. */
  | { kind: 'periodic'; period: Period; times: number }
  /** One task before each official holiday (节日问候), due on the last working day before it. */
  | { kind: 'holiday' }
  /** One task per contact whose role is listed, due on the contact's birthday (生日关怀). */
  | { kind: 'birthday'; contactRoles: ContactRole[] };

export const ACTION_KINDS = ['visit', 'report', 'greeting', 'birthday_care', 'review', 'other'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** A mandatory action (规定动作) of a level; its dated instances are tasks. */
export type MandatoryAction = {
  code: string;
  name: string;
  nameEn: string;
  level: ServiceLevel;
  kind: ActionKind;
  schedule: ActionSchedule;
  /** The service item it delivers, if any. */
  itemCode?: string | null;
  /** Who carries it out; today always the customer's account manager. */
  owner: 'account_manager';
};

/** The channels of the CSC model (seed 004): 客户经理, SA, 集团热线, 营业厅, 电子渠道. */
export const CHANNELS = ['account_manager', 'sa', 'group_hotline', 'business_hall', 'electronic'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Which channel delivers which item to which levels; `primary` leads, `support` assists. */
export type ChannelRule = {
  channel: Channel;
  itemCode: string;
  levels: ServiceLevel[];
  role: 'primary' | 'support';
};

/** One version of the whole catalog. */
export type CatalogDocument = {
  items: ServiceItem[];
  standards: Standard[];
  actions: MandatoryAction[];
  channels: ChannelRule[];
};

/** A catalog version as stored: `effectiveDate` is a Shanghai `YYYY-MM-DD`. */
export type CatalogVersion = {
  version: number;
  status: 'draft' | 'published';
  effectiveDate: string | null;
  document: CatalogDocument;
};
