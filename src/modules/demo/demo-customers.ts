/**
 * Demo customers (issue 3 item 8): realistic Chinese enterprise key accounts across industries
 * and the demo regions, group hierarchies up to three levels, 2–5 key contacts each, 24 months
 * of billing (seasonality, growth for most, decline for about one in ten, a long tail from
 * ~20 thousand to ~3 million yuan a month), arrears and new services for some, account-manager
 * indicator inputs for most (not all) customers, satisfaction / competitor satisfaction / share
 * of wallet for the last two quarters, and a few competitor notes and major events.
 *
 * Deterministic per seed (every draw comes from `ctx.rng`, ids included) and idempotent: rows
 * are upserted by their natural keys (customers by code) or by their seeded ids. Tiers are left
 * to the value module's demo, which assesses after this one.
 */
import { getTableColumns, inArray, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { users } from '../../db/schema.ts';
import { creditCodeCheckChar } from '../../domain/customers/credit-code.ts';
import type { IndustryCode } from '../../domain/customers/industry.ts';
import type { Rng } from '../../domain/random.ts';
import {
  type billingMonthly,
  type contacts,
  customerNotes,
  customers,
} from '../customers/customers.tables.ts';
import type { customerSatisfaction } from '../segments/segments.tables.ts';
import type { indicatorInputs } from '../value/value.tables.ts';
import type { DemoContext, DemoGenerator } from './demo.service.ts';

type City = {
  region: string;
  short: string;
  province: string;
  area: string;
  districts: readonly (readonly [string, string])[];
};

const CITIES: readonly City[] = [
  {
    region: 'GD-GZ',
    short: '广州',
    province: '广东',
    area: '020',
    districts: [
      ['天河区', '440106'],
      ['越秀区', '440104'],
      ['海珠区', '440105'],
      ['番禺区', '440113'],
      ['白云区', '440111'],
      ['黄埔区', '440112'],
    ],
  },
  {
    region: 'GD-SZ',
    short: '深圳',
    province: '广东',
    area: '0755',
    districts: [
      ['南山区', '440305'],
      ['福田区', '440304'],
      ['罗湖区', '440303'],
      ['宝安区', '440306'],
      ['龙岗区', '440307'],
    ],
  },
  {
    region: 'GD-FS',
    short: '佛山',
    province: '广东',
    area: '0757',
    districts: [
      ['禅城区', '440604'],
      ['南海区', '440605'],
      ['顺德区', '440606'],
    ],
  },
  {
    region: 'GD-DG',
    short: '东莞',
    province: '广东',
    area: '0769',
    districts: [
      ['南城街道', '441900'],
      ['松山湖', '441900'],
      ['长安镇', '441900'],
      ['虎门镇', '441900'],
    ],
  },
  {
    region: 'GX-NN',
    short: '南宁',
    province: '广西',
    area: '0771',
    districts: [
      ['青秀区', '450103'],
      ['兴宁区', '450102'],
      ['西乡塘区', '450107'],
      ['江南区', '450105'],
    ],
  },
];
/** Share of customers per city: Guangzhou and Shenzhen carry most key accounts. */
const CITY_WEIGHTS = [35, 30, 13, 12, 10];

const BRANDS = [
  '华瑞',
  '恒达',
  '金穗',
  '粤海',
  '宏图',
  '瑞丰',
  '安泰',
  '嘉禾',
  '中联',
  '鸿运',
  '天禾',
  '明珠',
  '新锐',
  '泰和',
  '永盛',
  '汇通',
  '盛世',
  '远航',
  '南粤',
  '丰泽',
  '信达',
  '启明',
  '致远',
  '博雅',
  '兴业',
  '凯旋',
  '海纳',
  '华信',
  '东方',
  '广润',
  '德信',
  '通达',
  '佳和',
  '卓越',
  '正源',
  '合众',
  '鼎盛',
  '思源',
  '锦程',
  '立信',
  '星河',
  '云帆',
  '长青',
  '万利',
  '弘毅',
  '融创',
  '骏达',
  '青禾',
  '宝华',
  '晨光',
];

type IndustryPlan = {
  code: IndustryCode;
  weight: number;
  /** Revenue scale factor. */
  scale: number;
  company: (r: Rng, city: City, brand: string, district: string) => string;
  groupable: boolean;
};

const pickOf = <T>(r: Rng, items: readonly T[]) => r.pick(items);

const INDUSTRY_PLANS: readonly IndustryPlan[] = [
  {
    code: 'C',
    weight: 22,
    scale: 1,
    groupable: true,
    company: (r, c, b) =>
      `${c.short}市${b}${pickOf(r, ['电子科技', '精密制造', '电器', '汽车零部件', '新材料', '家具', '陶瓷', '五金制品', '光电科技', '医疗器械', '食品'])}有限公司`,
  },
  {
    code: 'I',
    weight: 12,
    scale: 1.4,
    groupable: true,
    company: (r, c, b) =>
      `${c.short}${b}${pickOf(r, ['信息技术', '网络科技', '软件', '数据服务', '云计算', '智能科技'])}有限公司`,
  },
  {
    code: 'J',
    weight: 10,
    scale: 1.7,
    groupable: true,
    company: (r, c, b) =>
      pickOf(r, [
        `${b}银行股份有限公司${c.short}分行`,
        `${b}证券股份有限公司${c.short}营业部`,
        `${b}财产保险股份有限公司${c.short}分公司`,
        `${c.short}${b}农村商业银行股份有限公司`,
      ]),
  },
  {
    code: 'G',
    weight: 8,
    scale: 1.2,
    groupable: true,
    company: (r, c, b) =>
      `${c.short}${b}${pickOf(r, ['物流有限公司', '港务有限公司', '航运有限公司', '供应链管理有限公司', '快运有限公司'])}`,
  },
  {
    code: 'D',
    weight: 5,
    scale: 1.3,
    groupable: true,
    company: (r, c, b) =>
      `${c.short}${b}${pickOf(r, ['燃气有限公司', '水务有限公司', '热电有限公司', '新能源有限公司', '电力工程有限公司'])}`,
  },
  {
    code: 'S',
    weight: 9,
    scale: 1.2,
    groupable: false,
    company: (r, c, _b, d) =>
      pickOf(r, [
        `${c.short}市${d}人民政府`,
        `${c.short}市公安局${d}分局`,
        `${c.short}市政务服务数据管理局`,
        `${c.short}市人力资源和社会保障局`,
        `${c.short}市${d}城市管理和综合执法局`,
        `${c.short}市住房和城乡建设局`,
      ]),
  },
  {
    code: 'P',
    weight: 7,
    scale: 0.8,
    groupable: false,
    company: (r, c, b, d) =>
      pickOf(r, [
        `${c.short}${b}职业技术学院`,
        `${c.short}市${d}实验学校`,
        `${c.short}市第${r.int(1, 12)}中学`,
        `${c.short}${b}学院`,
      ]),
  },
  {
    code: 'Q',
    weight: 7,
    scale: 0.9,
    groupable: false,
    company: (r, c, _b, d) =>
      pickOf(r, [
        `${c.short}市第${r.int(1, 9)}人民医院`,
        `${c.short}市${d}中医院`,
        `${c.short}市妇幼保健院`,
        `${c.short}市${d}人民医院`,
      ]),
  },
  {
    code: 'F',
    weight: 8,
    scale: 0.9,
    groupable: true,
    company: (r, c, b) =>
      `${c.short}${b}${pickOf(r, ['商贸有限公司', '百货有限公司', '连锁超市有限公司', '医药连锁有限公司', '电器连锁有限公司'])}`,
  },
  {
    code: 'K',
    weight: 5,
    scale: 0.8,
    groupable: true,
    company: (r, c, b) =>
      `${c.short}${b}${pickOf(r, ['房地产开发有限公司', '物业管理有限公司', '置业有限公司'])}`,
  },
  {
    code: 'E',
    weight: 3,
    scale: 0.9,
    groupable: true,
    company: (r, c, b) => `${c.short}${b}${pickOf(r, ['建设工程有限公司', '建筑工程集团有限公司'])}`,
  },
  {
    code: 'L',
    weight: 2,
    scale: 0.8,
    groupable: false,
    company: (r, c, b) =>
      `${c.short}${b}${pickOf(r, ['会展服务有限公司', '商务咨询有限公司', '人力资源服务有限公司'])}`,
  },
  {
    code: 'H',
    weight: 2,
    scale: 0.7,
    groupable: false,
    company: (r, c, b) =>
      `${c.short}${b}${pickOf(r, ['大酒店有限公司', '酒店管理有限公司', '餐饮管理有限公司'])}`,
  },
];

const SURNAMES: readonly (readonly [string, string])[] = [
  ['陈', 'chen'],
  ['林', 'lin'],
  ['黄', 'huang'],
  ['吴', 'wu'],
  ['郑', 'zheng'],
  ['何', 'he'],
  ['罗', 'luo'],
  ['梁', 'liang'],
  ['谢', 'xie'],
  ['许', 'xu'],
  ['邓', 'deng'],
  ['冯', 'feng'],
  ['张', 'zhang'],
  ['李', 'li'],
  ['王', 'wang'],
  ['刘', 'liu'],
  ['杨', 'yang'],
  ['周', 'zhou'],
  ['曾', 'zeng'],
  ['蔡', 'cai'],
];
const GIVEN = [
  '伟',
  '娜',
  '磊',
  '婷',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '丽',
  '涛',
  '霞',
  '斌',
  '敏',
  '志强',
  '晓燕',
  '建华',
  '海峰',
  '文静',
  '国栋',
  '俊杰',
  '慧敏',
];

const CORE_POSITIONS: Partial<Record<IndustryCode, readonly string[]>> = {
  S: ['局长', '副局长', '办公室主任'],
  P: ['校长', '副校长'],
  Q: ['院长', '副院长'],
  J: ['行长', '副行长', '总经理'],
};
const IMPORTANT_POSITIONS = [
  '信息中心主任',
  'IT总监',
  '办公室主任',
  '网络部经理',
  '财务总监',
  '分管信息化副总',
];
const ORDINARY_POSITIONS = ['采购经理', '网络管理员', '行政专员', '财务经理', '信息化专员', '综合部主管'];

const COMPETITORS = ['中国移动', '中国联通', '中国广电'];
const COMPETITOR_TITLES = [
  '以低价专线方案接触客户信息中心',
  '提出5G专网试点并承诺免费三个月',
  '在客户新园区投标综合布线和宽带',
  '向客户推介云专线打包优惠',
];
const EVENTS = [
  '新园区投产,带宽需求预计翻倍',
  '完成新一轮融资',
  '总部迁址,需整体搬迁通信线路',
  '入选省级专精特新企业名单',
  '启动数字化转型项目招标',
  '管理层调整,新任分管信息化领导到任',
];

/** Relative monthly revenue by calendar month (Spring Festival dip in February, December peak). */
const SEASON = [1.0, 0.88, 0.97, 1.0, 1.0, 1.02, 1.0, 0.98, 1.02, 0.97, 1.02, 1.08];

const SCALE_KEYS = [
  'priceSensitivity',
  'socialInfluence',
  'businessCondition',
  'valueChainRole',
  'telecomDependence',
  'reciprocity',
] as const;

const BATCH = 1000;

type Plan = {
  id: string;
  code: string;
  name: string;
  creditCode: string;
  industry: IndustryCode;
  city: City;
  district: string;
  parent: number | null;
  isHeadquarters: boolean;
  accountManager: string;
  customerSince: string;
  address: string;
  phone: string;
  employees: number;
  /** Base monthly revenue in yuan at the latest month. */
  baseYuan: number;
  /** Yearly growth rate (negative: declining). */
  growth: number;
};

const chance = (r: Rng, p: number) => r.next() < p;
const between = (r: Rng, lo: number, hi: number) => lo + r.next() * (hi - lo);
const pad2 = (n: number) => String(n).padStart(2, '0');

function weighted<T>(r: Rng, items: readonly T[], weights: readonly number[]): T {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = r.next() * total;
  for (let i = 0; i < items.length; i++) {
    x -= weights[i]!;
    if (x < 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** A GB 11714 organisation code (8 characters + its check character). */
function organisationCode(r: Rng): string {
  const body = Array.from({ length: 8 }, (_, i) =>
    i < 2 && chance(r, 0.5) ? CODE_ALPHABET[r.int(10, 30)]! : CODE_ALPHABET[r.int(0, 9)]!,
  ).join('');
  const value = (ch: string) => (/\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55);
  const sum = [...body].reduce((acc, ch, i) => acc + value(ch) * ORG_WEIGHTS[i]!, 0);
  const c = 11 - (sum % 11);
  return body + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

/** A valid 统一社会信用代码: authority + type, the district's division code, the organisation code, check char. */
function creditCode(r: Rng, industry: IndustryCode, division: string): string {
  const head = industry === 'S' ? '11' : industry === 'P' || industry === 'Q' ? '12' : '91';
  const first17 = `${head}${division}${organisationCode(r)}`;
  return first17 + creditCodeCheckChar(first17)!;
}

/** The Asia/Shanghai calendar month of an instant: [year, month 1–12]. */
function shanghaiMonth(now: Date): [number, number] {
  const local = new Date(now.getTime() + 8 * 3_600_000);
  return [local.getUTCFullYear(), local.getUTCMonth() + 1];
}

function addMonths([y, m]: [number, number], delta: number): [number, number] {
  const index = y * 12 + (m - 1) + delta;
  return [Math.floor(index / 12), (index % 12) + 1];
}

const monthDay = ([y, m]: [number, number]) => `${y}-${pad2(m)}-01`;

type Am = { id: string; username: string; regionCode: string | null };

function planCustomers(r: Rng, count: number, ams: readonly Am[]): Plan[] {
  const plans: Plan[] = [];
  const names = new Set<string>();
  const credit = new Set<string>();
  const amFor = (city: City): string => {
    const local = ams.filter((a) => a.regionCode === city.region);
    const pool = local.length > 0 ? local : ams.filter((a) => a.username !== 'am1' && a.username !== 'am2');
    const list = pool.length > 0 ? pool : ams;
    return weighted(
      r,
      list.map((a) => a.username),
      list.map((a) => (a.username === 'am1' || a.username === 'am2' ? 3 : 1)),
    );
  };
  const uniqueName = (make: () => string): string => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const name = make();
      if (!names.has(name)) {
        names.add(name);
        return name;
      }
    }
    let n = 2;
    const base = make();
    while (names.has(`${base}(${n})`)) n++;
    names.add(`${base}(${n})`);
    return `${base}(${n})`;
  };
  const uniqueCredit = (industry: IndustryCode, division: string): string => {
    for (;;) {
      const code = creditCode(r, industry, division);
      if (!credit.has(code)) {
        credit.add(code);
        return code;
      }
    }
  };
  const add = (
    industry: IndustryPlan,
    city: City,
    name: string | null,
    parent: number | null,
    isHq: boolean,
    scale: number,
  ) => {
    const [district, division] = r.pick(city.districts);
    // A given name (group, branch) that is taken falls back to an ordinary company name.
    const finalName = uniqueName(() =>
      name !== null && !names.has(name) ? name : industry.company(r, city, r.pick(BRANDS), district),
    );
    // Pareto tail: median about 40 thousand yuan a month, a few in the millions.
    const pareto = 20_000 * (1 - r.next()) ** (-1 / 1.15);
    const baseYuan = Math.min(3_000_000, Math.max(20_000, pareto * industry.scale * scale));
    const trend = r.next();
    const growth =
      trend < 0.1 ? -between(r, 0.15, 0.4) : trend < 0.8 ? between(r, 0.03, 0.2) : between(r, -0.02, 0.03);
    const sinceYear = r.int(2003, 2022);
    plans.push({
      id: r.uuid(),
      code: `KA${String(plans.length + 1).padStart(6, '0')}`,
      name: finalName,
      creditCode: uniqueCredit(industry.code, division),
      industry: industry.code,
      city,
      district,
      parent,
      isHeadquarters: isHq,
      accountManager: amFor(city),
      customerSince: `${sinceYear}-${pad2(r.int(1, 12))}-${pad2(r.int(1, 28))}`,
      address: `${city.province}${city.province === '广西' ? '壮族自治区' : '省'}${city.short}市${district}${r.pick(['建设', '人民', '解放', '科技', '创业', '工业', '滨江', '金融', '体育', '中山'])}${r.pick(['路', '大道', '街'])}${r.int(1, 388)}号`,
      phone: `${city.area}-${r.int(2, 8)}${String(r.int(0, 9_999_999)).padStart(7, '0')}`,
      employees: Math.round(Math.min(50_000, Math.max(30, (baseYuan / 200) * between(r, 0.3, 3)))),
      baseYuan,
      growth,
    });
    return plans.length - 1;
  };
  const cityOf = () => weighted(r, CITIES, CITY_WEIGHTS);
  const industryOf = () =>
    weighted(
      r,
      INDUSTRY_PLANS,
      INDUSTRY_PLANS.map((i) => i.weight),
    );
  const groupable = INDUSTRY_PLANS.filter((i) => i.groupable);
  while (plans.length < count) {
    const left = count - plans.length;
    // About one customer in eight starts a group (with sub-group heads, ≈15 % are group heads).
    if (left >= 3 && chance(r, 0.12 * 1.6)) {
      const industry = weighted(
        r,
        groupable,
        groupable.map((i) => i.weight),
      );
      const brand = r.pick(BRANDS);
      const homeCity = weighted(r, CITIES.slice(0, 2), [1, 1]);
      const groupName =
        industry.code === 'J'
          ? `${brand}银行股份有限公司${homeCity.province}${homeCity.province === '广西' ? '区' : '省'}分行`
          : `${homeCity.province}${brand}${r.pick(['集团有限公司', '控股集团有限公司', '实业集团有限公司'])}`;
      if (names.has(groupName)) continue;
      const head = add(industry, homeCity, groupName, null, true, 1.8);
      const members = Math.min(left - 1, r.int(2, 6));
      for (let m = 0; m < members && plans.length < count; m++) {
        const city = chance(r, 0.5) ? homeCity : cityOf();
        const memberName =
          industry.code === 'J'
            ? `${brand}银行股份有限公司${city.short}分行`
            : chance(r, 0.5)
              ? `${homeCity.province}${brand}集团有限公司${city.short}分公司`
              : null;
        const member = add(industry, city, memberName, head, false, 0.8);
        // Some members are sub-groups with branches of their own: three levels.
        if (m === 0 && chance(r, 0.35) && count - plans.length >= 2) {
          plans[member]!.isHeadquarters = true;
          const subs = Math.min(count - plans.length, r.int(2, 3));
          for (let s = 0; s < subs; s++) {
            const [district] = r.pick(city.districts);
            const subName =
              industry.code === 'J'
                ? `${brand}银行股份有限公司${city.short}${district}支行`
                : `${plans[member]!.name}${district}${r.pick(['营业部', '分部', '办事处'])}`;
            add(industry, city, subName, member, false, 0.5);
          }
        }
      }
    } else {
      add(industryOf(), cityOf(), null, null, chance(r, 0.3), 1);
    }
  }
  return plans;
}

/** `SET col = excluded.col` for every column of `table` but the conflict target and `keep`. */
function excludedSet(table: PgTable, target: readonly string[], keep: readonly string[] = []) {
  const columns = getTableColumns(table);
  const set: Record<string, ReturnType<typeof sql>> = {};
  for (const [key, column] of Object.entries(columns)) {
    if (target.includes(key) || keep.includes(key)) continue;
    set[key] = sql.raw(`excluded.${column.name}`);
  }
  return set;
}

/**
 * Bulk upsert with one array parameter per column (`INSERT … SELECT * FROM unnest($1::uuid[], …)`):
 * a handful of parameters per batch instead of one per value, several times faster on PGlite.
 */
async function upsertUnnest(
  tx: DemoContext['tx'],
  table: string,
  columns: readonly (readonly [string, string])[],
  rows: readonly (readonly unknown[])[],
  conflict: string,
): Promise<number> {
  for (let i = 0; i < rows.length; i += UNNEST_BATCH) {
    const batch = rows.slice(i, i + UNNEST_BATCH);
    const arrays = columns.map(
      ([, type], c) => sql`${sql.param(batch.map((r) => r[c] ?? null))}::${sql.raw(type)}[]`,
    );
    const names = columns.map(([name]) => name).join(', ');
    await tx.execute(
      sql`INSERT INTO ${sql.raw(table)} (${sql.raw(names)}) SELECT * FROM unnest(${sql.join(arrays, sql`, `)}) ${sql.raw(conflict)}`,
    );
  }
  return rows.length;
}

const UNNEST_BATCH = 5000;

type Columns = readonly (readonly [string, string])[];

const CONTACT_COLUMNS: Columns = [
  ['id', 'uuid'],
  ['customer_id', 'uuid'],
  ['name', 'text'],
  ['position', 'text'],
  ['role', 'text'],
  ['phone', 'text'],
  ['email', 'text'],
  ['birthday', 'date'],
  ['notes', 'text'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
];
const BILLING_COLUMNS: Columns = [
  ['customer_id', 'uuid'],
  ['month', 'date'],
  ['revenue_fen', 'bigint'],
  ['voice_fen', 'bigint'],
  ['data_fen', 'bigint'],
  ['bandwidth_fen', 'bigint'],
  ['new_services_fen', 'bigint'],
  ['idc_fen', 'bigint'],
  ['driven_fen', 'bigint'],
  ['arrears_months', 'integer'],
  ['dedicated_cost_fen', 'bigint'],
  ['new_services_count', 'integer'],
];
const INPUT_COLUMNS: Columns = [
  ['customer_id', 'uuid'],
  ['period', 'date'],
  ['indicator', 'text'],
  ['value', 'double precision'],
  ['source', 'text'],
  ['entered_by', 'text'],
  ['entered_at', 'timestamptz'],
];
const SATISFACTION_COLUMNS: Columns = [
  ['customer_id', 'uuid'],
  ['period', 'date'],
  ['satisfaction', 'double precision'],
  ['competitor_satisfaction', 'double precision'],
  ['wallet_share', 'double precision'],
  ['source', 'text'],
  ['entered_by', 'text'],
  ['entered_at', 'timestamptz'],
];

/** `ON CONFLICT (key) DO UPDATE SET c = excluded.c` for the other columns, except `keep`. */
function onConflict(key: readonly string[], columns: Columns, keep: readonly string[] = []): string {
  const set = columns
    .map(([name]) => name)
    .filter((name) => !key.includes(name) && !keep.includes(name))
    .map((name) => `${name} = excluded.${name}`);
  return `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${set.join(', ')}`;
}

async function insertBatches<T>(
  rows: readonly T[],
  write: (batch: T[]) => Promise<unknown>,
): Promise<number> {
  for (let i = 0; i < rows.length; i += BATCH) await write(rows.slice(i, i + BATCH));
  return rows.length;
}

async function generateCustomers(ctx: DemoContext): Promise<Record<string, number>> {
  const { tx, rng: r, now } = ctx;
  const amRows = await tx
    .select({ id: users.id, username: users.username, regionCode: users.regionCode })
    .from(users)
    .where(inArray(users.username, ['am1', 'am2', 'am3', 'am4', 'am5', 'am6', 'am7', 'am8']))
    .orderBy(users.username);
  if (amRows.length === 0) return { customers: 0 };
  const amId = new Map(amRows.map((a) => [a.username, a.id]));
  const plans = planCustomers(r, ctx.options.customers, amRows);

  // Customers: upsert by code, then read back the ids (an existing code keeps its id).
  await insertBatches(plans, (batch) =>
    tx
      .insert(customers)
      .values(
        batch.map((p) => ({
          id: p.id,
          code: p.code,
          name: p.name,
          creditCode: p.creditCode,
          industry: p.industry,
          regionCode: p.city.region,
          isHeadquarters: p.isHeadquarters,
          accountManagerId: amId.get(p.accountManager) ?? null,
          customerSince: p.customerSince,
          address: p.address,
          phone: p.phone,
          employees: p.employees,
          status: 'active',
          createdAt: now,
          updatedAt: now,
        })),
      )
      .onConflictDoUpdate({
        target: customers.code,
        set: excludedSet(
          customers,
          ['id', 'code'],
          [
            'tier',
            'stars',
            'groupClass',
            'tierEffectiveDate',
            'version',
            'createdAt',
            'parentId',
            'strategyNotes',
            'financialNotes',
            'orgStructure',
          ],
        ),
      }),
  );
  const ids = new Map<string, string>();
  for (let i = 0; i < plans.length; i += BATCH) {
    const codes = plans.slice(i, i + BATCH).map((p) => p.code);
    const found = await tx
      .select({ id: customers.id, code: customers.code })
      .from(customers)
      .where(inArray(customers.code, codes));
    for (const f of found) ids.set(f.code, f.id);
  }
  const idOf = (p: Plan) => ids.get(p.code)!;
  const withParent = plans.filter((p) => p.parent !== null);
  await insertBatches(withParent, (batch) =>
    tx.execute(sql`
      UPDATE customers c SET parent_id = v.parent_id::uuid
      FROM (VALUES ${sql.join(
        batch.map((p) => sql`(${idOf(p)}, ${idOf(plans[p.parent!]!)})`),
        sql`, `,
      )}) AS v(id, parent_id)
      WHERE c.id = v.id::uuid AND c.parent_id IS DISTINCT FROM v.parent_id::uuid`),
  );

  // Key contacts.
  const [nowYear, nowMonth] = shanghaiMonth(now);
  const today = new Date(
    Date.UTC(nowYear, nowMonth - 1, new Date(now.getTime() + 8 * 3_600_000).getUTCDate()),
  );
  const contactRows: (typeof contacts.$inferInsert)[] = [];
  for (const p of plans) {
    const n = r.int(2, 5);
    for (let k = 0; k < n; k++) {
      const [surname, pinyin] = r.pick(SURNAMES);
      const role = k === 0 ? 'core' : k === 1 || chance(r, 0.25) ? 'important' : 'ordinary';
      const position =
        role === 'core'
          ? r.pick(CORE_POSITIONS[p.industry] ?? ['董事长', '总经理', '副总经理'])
          : role === 'important'
            ? r.pick(IMPORTANT_POSITIONS)
            : r.pick(ORDINARY_POSITIONS);
      let birthday: string;
      const year = r.int(1962, 1996);
      if (chance(r, 0.12)) {
        // Within the next month, so that birthday care shows up in the demo.
        const soon = new Date(today.getTime() + r.int(1, 30) * 86_400_000);
        const day = soon.getUTCMonth() === 1 && soon.getUTCDate() === 29 ? 28 : soon.getUTCDate();
        birthday = `${year}-${pad2(soon.getUTCMonth() + 1)}-${pad2(day)}`;
      } else {
        birthday = `${year}-${pad2(r.int(1, 12))}-${pad2(r.int(1, 28))}`;
      }
      contactRows.push({
        id: r.uuid(),
        customerId: idOf(p),
        name: `${surname}${r.pick(GIVEN)}`,
        position,
        role,
        phone: `1${r.pick(['38', '39', '35', '36', '37', '58', '59', '86', '88', '89'])}${String(r.int(0, 99_999_999)).padStart(8, '0')}`,
        email: chance(r, 0.6) ? `${pinyin}${r.int(10, 99)}@${p.code.toLowerCase()}.example.cn` : null,
        birthday,
        notes:
          role === 'core' && chance(r, 0.3)
            ? r.pick(['关注网络稳定性', '重视服务响应速度', '偏好面谈沟通', '决策链关键人'])
            : null,
        createdAt: now,
        updatedAt: now,
      });
    }
  }
  await upsertUnnest(
    tx,
    'contacts',
    CONTACT_COLUMNS,
    contactRows.map((c) => [
      c.id,
      c.customerId,
      c.name,
      c.position,
      c.role,
      c.phone,
      c.email,
      c.birthday,
      c.notes,
      now.toISOString(),
      now.toISOString(),
    ]),
    onConflict(['id'], CONTACT_COLUMNS, ['created_at']),
  );

  // 24 months of billing ending with the month before now (Asia/Shanghai).
  const latest = addMonths([nowYear, nowMonth], -1);
  const months = Array.from({ length: 24 }, (_, k) => addMonths(latest, k - 23));
  const billingRows: (typeof billingMonthly.$inferInsert)[] = [];
  const latestRevenue = new Map<string, number>();
  for (const p of plans) {
    const mix = {
      voice: between(r, 0.08, 0.3),
      data: between(r, 0.15, 0.35),
      bandwidth: between(r, 0.15, 0.45),
      idc:
        p.industry === 'I' || p.industry === 'J'
          ? between(r, 0.05, 0.25)
          : chance(r, 0.3)
            ? between(r, 0, 0.08)
            : 0,
    };
    const hasNewServices = chance(r, 0.35);
    const newFrom = r.int(0, 20);
    const drivenShare = chance(r, 0.35) ? between(r, 0.05, 0.25) : null;
    const costShare = chance(r, 0.4) ? between(r, 0.01, 0.05) : 0;
    const arrearsFrom = chance(r, 0.06) ? r.int(14, 22) : null;
    const arrearsLength = r.int(1, 3);
    for (let k = 0; k < 24; k++) {
      const [, month] = months[k]!;
      const yuan =
        p.baseYuan * (1 + p.growth) ** ((k - 23) / 12) * SEASON[month - 1]! * (1 + between(r, -0.04, 0.04));
      const revenueFen = Math.round(yuan * 100);
      const count = hasNewServices && k >= newFrom ? Math.min(4, 1 + Math.floor((k - newFrom) / 6)) : 0;
      const newShare = count > 0 ? 0.03 * count : 0;
      const total = mix.voice + mix.data + mix.bandwidth + mix.idc + newShare;
      const covered = between(r, 0.92, 1) / total;
      const part = (share: number) => Math.floor(revenueFen * share * covered);
      const arrears =
        arrearsFrom !== null && k >= arrearsFrom && k < arrearsFrom + arrearsLength ? k - arrearsFrom + 1 : 0;
      billingRows.push({
        customerId: idOf(p),
        month: monthDay(months[k]!),
        revenueFen,
        voiceFen: part(mix.voice),
        dataFen: part(mix.data),
        bandwidthFen: part(mix.bandwidth),
        newServicesFen: part(newShare),
        idcFen: part(mix.idc),
        drivenFen: drivenShare === null ? null : Math.floor(revenueFen * drivenShare),
        arrearsMonths: arrears,
        dedicatedCostFen: Math.floor(revenueFen * costShare),
        newServicesCount: count,
      });
      if (k === 23) latestRevenue.set(p.code, revenueFen);
    }
  }
  await upsertUnnest(
    tx,
    'billing_monthly',
    BILLING_COLUMNS,
    billingRows.map((b) => [
      b.customerId,
      b.month,
      b.revenueFen,
      b.voiceFen,
      b.dataFen,
      b.bandwidthFen,
      b.newServicesFen,
      b.idcFen,
      b.drivenFen,
      b.arrearsMonths,
      b.dedicatedCostFen,
      b.newServicesCount,
    ]),
    onConflict(['customer_id', 'month'], BILLING_COLUMNS),
  );

  // The account manager's inputs for the latest period: most customers, some keys missing.
  const period = monthDay(latest);
  const inputRows: (typeof indicatorInputs.$inferInsert)[] = [];
  for (const [index, p] of plans.entries()) {
    // Missing on purpose for about one customer in six (and always for every ninth), so the
    // assessment shows missing indicators rather than zeros.
    if (!chance(r, 0.9) || index % 9 === 4) continue;
    const declining = p.growth < -0.1;
    const big = p.baseYuan > 300_000;
    const judged: Record<(typeof SCALE_KEYS)[number], number> = {
      priceSensitivity: r.int(big ? 1 : 2, 5),
      socialInfluence: p.industry === 'S' || p.industry === 'J' ? r.int(3, 5) : r.int(1, big ? 5 : 4),
      businessCondition: declining ? r.int(1, 3) : r.int(2, 5),
      valueChainRole: p.isHeadquarters ? r.int(3, 5) : r.int(1, 4),
      telecomDependence: p.industry === 'I' || p.industry === 'J' ? r.int(3, 5) : r.int(1, 5),
      reciprocity: r.int(1, 5),
    };
    const enteredBy = p.accountManager;
    for (const key of SCALE_KEYS) {
      if (chance(r, 0.9)) {
        inputRows.push({
          customerId: idOf(p),
          period,
          indicator: key,
          value: judged[key],
          source: 'manual',
          enteredBy,
          enteredAt: now,
        });
      }
    }
    if (chance(r, 0.8)) {
      const annualFen = (latestRevenue.get(p.code) ?? 0) * 12 * (1 + p.growth) * between(r, 0.9, 1.2);
      inputRows.push({
        customerId: idOf(p),
        period,
        indicator: 'demandForecast',
        value: Math.round(annualFen),
        source: 'manual',
        enteredBy,
        enteredAt: now,
      });
    }
    if (chance(r, 0.9)) {
      const moved = declining ? r.int(1, 3) : chance(r, 0.1) ? 1 : 0;
      inputRows.push({
        customerId: idOf(p),
        period,
        indicator: 'servicesMovedOut',
        value: moved,
        source: 'manual',
        enteredBy,
        enteredAt: now,
      });
    }
  }
  await upsertUnnest(
    tx,
    'indicator_inputs',
    INPUT_COLUMNS,
    inputRows.map((i) => [
      i.customerId,
      i.period,
      i.indicator,
      i.value,
      i.source,
      i.enteredBy,
      now.toISOString(),
    ]),
    onConflict(['customer_id', 'period', 'indicator'], INPUT_COLUMNS),
  );

  // Satisfaction, competitor satisfaction and share of wallet for the last two quarters.
  const quarterStart = ([y, m]: [number, number]): [number, number] => [y, m - ((m - 1) % 3)];
  const q2 = quarterStart(latest);
  const quarters = [addMonths(q2, -3), q2];
  const satisfactionRows: (typeof customerSatisfaction.$inferInsert)[] = [];
  for (const p of plans) {
    if (!chance(r, 0.9)) continue;
    const base = p.growth < -0.1 ? between(r, 50, 78) : between(r, 68, 95);
    const competitor = between(r, 55, 92);
    const wallet = p.growth < -0.1 ? between(r, 0.2, 0.6) : between(r, 0.4, 0.95);
    for (const q of quarters) {
      satisfactionRows.push({
        customerId: idOf(p),
        period: monthDay(q),
        satisfaction: Math.round(Math.min(100, base + between(r, -4, 4)) * 10) / 10,
        competitorSatisfaction: Math.round(Math.min(100, competitor + between(r, -3, 3)) * 10) / 10,
        walletShare: Math.round(Math.min(1, wallet + between(r, -0.05, 0.05)) * 100) / 100,
        source: 'survey',
        enteredBy: 'demo',
        enteredAt: now,
      });
    }
  }
  await upsertUnnest(
    tx,
    'customer_satisfaction',
    SATISFACTION_COLUMNS,
    satisfactionRows.map((x) => [
      x.customerId,
      x.period,
      x.satisfaction,
      x.competitorSatisfaction,
      x.walletShare,
      x.source,
      x.enteredBy,
      now.toISOString(),
    ]),
    onConflict(['customer_id', 'period'], SATISFACTION_COLUMNS),
  );

  // A few competitor notes and major events in the last six months.
  const noteRows: (typeof customerNotes.$inferInsert)[] = [];
  for (const p of plans) {
    const when = () => new Date(today.getTime() - r.int(3, 180) * 86_400_000).toISOString().slice(0, 10);
    if (chance(r, 0.12)) {
      const competitor = r.pick(COMPETITORS);
      noteRows.push({
        id: r.uuid(),
        customerId: idOf(p),
        kind: 'competitor',
        day: when(),
        title: `${competitor}${r.pick(COMPETITOR_TITLES)}`,
        body: '客户经理拜访时获悉,需跟进竞争动态并准备应对方案。',
        competitor,
        authorId: amId.get(p.accountManager) ?? null,
        createdAt: now,
      });
    }
    if (chance(r, 0.1)) {
      noteRows.push({
        id: r.uuid(),
        customerId: idOf(p),
        kind: 'event',
        day: when(),
        title: r.pick(EVENTS),
        body: null,
        competitor: null,
        authorId: amId.get(p.accountManager) ?? null,
        createdAt: now,
      });
    }
  }
  await insertBatches(noteRows, (batch) =>
    tx
      .insert(customerNotes)
      .values(batch)
      .onConflictDoUpdate({
        target: customerNotes.id,
        set: excludedSet(customerNotes, ['id'], ['createdAt']),
      }),
  );

  return {
    customers: plans.length,
    groupHeads: new Set(plans.map((p) => p.parent).filter((i) => i !== null)).size,
    contacts: contactRows.length,
    billingMonths: billingRows.length,
    indicatorInputs: inputRows.length,
    satisfaction: satisfactionRows.length,
    notes: noteRows.length,
  };
}

export const customersDemo: DemoGenerator = { name: 'customers', run: generateCustomers };
