/**
 * The shipped standards (PRODUCT.md §4): the star standards table and the basic service standards
 * of seed 001 in the seed's wording, and the seed-004 examples written in its five dimensions
 * (响应速度、服务频率、提供与否、提供程度、覆盖范围) as defaults an administrator changes by publishing
 * a new version. Hours run on a 7×24 clock: the seed says "不超过 N 小时" for faults and
 * restorations, which are worked day and night.
 */
import type {
  ContactRole,
  Frequency,
  Period,
  ServiceLevel,
  ServiceScope,
  ServiceTime,
  Standard,
} from './types.ts';

const wd = (days: number): ServiceTime => ({ kind: 'workdays', days });
const hrs = (hours: number): ServiceTime => ({ kind: 'hours', hours, clock: '24x7' });
const days = (n: number): ServiceTime => ({ kind: 'days', days: n });
const ON_DEMAND: ServiceTime = { kind: 'on_demand' };
const AS_AGREED: ServiceTime = { kind: 'as_agreed' };
const every = (period: Period, times = 1): Frequency => ({ times, period });

type Spec = Partial<Omit<Standard, 'itemCode' | 'level' | 'wording'>> & { wording: string };

function std(itemCode: string, level: ServiceLevel, spec: Spec): Standard {
  return {
    itemCode,
    level,
    product: null,
    scope: null,
    contactRole: null,
    provided: true,
    responseTime: null,
    targetPercent: null,
    frequency: null,
    degree: null,
    coverage: null,
    ...spec,
  };
}

/** The same standard for several levels. */
function same(itemCode: string, levels: ServiceLevel[], spec: Spec): Standard[] {
  return levels.map((level) => std(itemCode, level, spec));
}

/** An explicit "not provided" for levels, so the grid says so instead of showing a gap. */
function notProvided(itemCode: string, levels: ServiceLevel[]): Standard[] {
  return same(itemCode, levels, { provided: false, wording: '不提供' });
}

/** One standard per contact role at a level. */
function perRole(
  itemCode: string,
  level: ServiceLevel,
  specs: Partial<Record<ContactRole, Spec>>,
): Standard[] {
  return Object.entries(specs).map(([role, spec]) =>
    std(itemCode, level, { ...spec, contactRole: role as ContactRole }),
  );
}

// ─── Standards of the star table and the basic service standards (seed 001) ─────────────────

export const STAR_TABLE_STANDARDS: Standard[] = [
  // 固定电话装机时限: 按需 / 按需 / 1个工作日 / 1个工作日 / 2个工作日; 基本 2个工作日
  ...same('fixed_line_installation', ['5A', '4A'], { responseTime: ON_DEMAND, wording: '按需' }),
  ...same('fixed_line_installation', ['3A', '2A'], { responseTime: wd(1), wording: '1个工作日' }),
  std('fixed_line_installation', '1A', { responseTime: wd(2), wording: '2个工作日' }),
  std('fixed_line_installation', 'basic', { responseTime: wd(2), wording: '2个工作日' }),

  // 固定电话复通业务及功能增加: 2 / 2 / 2 / 3 小时 / 不超过4小时; 基本 不超过4小时
  ...same('fixed_line_restore', ['5A', '4A', '3A'], { responseTime: hrs(2), wording: '2小时' }),
  std('fixed_line_restore', '2A', { responseTime: hrs(3), wording: '3小时' }),
  std('fixed_line_restore', '1A', { responseTime: hrs(4), wording: '不超过4小时' }),
  std('fixed_line_restore', 'basic', { responseTime: hrs(4), wording: '不超过4小时' }),

  // 数字电路及数据电路开通
  ...same('circuit_provisioning', ['5A', '4A'], {
    responseTime: wd(20),
    targetPercent: 95,
    degree: '光端机到客户',
    wording: '1.光端机到客户。2.开通时限20个工作日内95%满足需要。',
  }),
  std('circuit_provisioning', '3A', {
    responseTime: wd(20),
    targetPercent: 90,
    degree: '光端机到客户',
    wording: '1.光端机到客户。2.开通时限20个工作日内90%满足需要。',
  }),
  ...same('circuit_provisioning', ['2A', '1A'], {
    responseTime: wd(20),
    targetPercent: 90,
    wording: '开通时限20个工作日内90%满足需要。',
  }),
  // 基本服务标准: 数字电路 本地15 / 省内20 / 省际30; 数据电路 本地20 / 省内25 / 省际30 个工作日
  ...(
    [
      ['digital_circuit', '数字电路', [15, 20, 30]],
      ['data_circuit', '数据电路', [20, 25, 30]],
    ] as const
  ).flatMap(([product, label, limits]) =>
    (['local', 'in_province', 'inter_province'] as const satisfies readonly ServiceScope[]).map((scope, i) =>
      std('circuit_provisioning', 'basic', {
        product,
        scope,
        responseTime: wd(limits[i]!),
        wording: `${label}开通时限:${['本地', '省内', '省际'][i]}${limits[i]}个工作日`,
      }),
    ),
  ),

  // 互联网业务、宽带业务及新业务: 按需及时 ×3; 2★、1★ 与基本标准: 专线15个工作日、拨号不超过一天、ADSL/LAN 15个工作日
  ...same('internet_provisioning', ['5A', '4A', '3A'], { responseTime: ON_DEMAND, wording: '按需及时' }),
  ...(['2A', '1A', 'basic'] as const).flatMap((level) => [
    std('internet_provisioning', level, {
      product: 'dedicated_internet',
      responseTime: wd(15),
      wording: '互联网专线:15个工作日',
    }),
    std('internet_provisioning', level, {
      product: 'dial_up',
      responseTime: days(1),
      wording: '拨号:不超过一天',
    }),
    std('internet_provisioning', level, {
      product: 'adsl_lan',
      responseTime: wd(15),
      wording: '宽带ADSL、LAN业务开通时限:15个工作日',
    }),
  ]),

  std('circuit_fault', 'basic', { responseTime: hrs(6), wording: '不超过6小时' }),
  std('fixed_line_repair', 'basic', { responseTime: hrs(8), wording: '不超过8小时' }),
  std('idc_provisioning', 'basic', { responseTime: AS_AGREED, wording: '按客户要求' }),
];

// ─── Standards of the seed-004 examples (defaults in the five dimensions) ───────────────────

const HQ_AND_BRANCHES = '集团总部及省内分支机构';
const KEY_CONTACTS = '集团关键联系人';

export const GROUP_STANDARDS: Standard[] = [
  // 日常拜访
  ...same('am_visit', ['5A', 'A'], {
    frequency: every('month'),
    coverage: HQ_AND_BRANCHES,
    wording: '客户经理每月上门拜访不少于1次,覆盖集团总部及省内分支机构',
  }),
  ...same('am_visit', ['4A', 'B'], {
    frequency: every('month'),
    coverage: '集团总部',
    wording: '客户经理每月上门拜访不少于1次',
  }),
  ...same('am_visit', ['3A', 'C'], {
    frequency: every('quarter'),
    coverage: '集团总部',
    wording: '客户经理每季度上门拜访不少于1次',
  }),
  std('am_visit', '2A', { frequency: every('half_year'), wording: '客户经理每半年上门拜访不少于1次' }),
  std('am_visit', '1A', { frequency: every('year'), wording: '客户经理每年上门拜访不少于1次' }),
  std('am_visit', 'basic', { responseTime: ON_DEMAND, wording: '客户提出需要时上门拜访' }),

  // 业务咨询 (2A, 1A, C: the basic standard)
  ...same('business_consulting', ['5A', '4A', 'A'], {
    responseTime: hrs(2),
    degree: '客户经理专人解答,提供组网方案建议',
    wording: '2小时内响应,客户经理专人解答',
  }),
  ...same('business_consulting', ['3A', 'B'], { responseTime: hrs(4), wording: '4小时内响应' }),
  std('business_consulting', 'basic', { responseTime: wd(1), wording: '1个工作日内答复' }),

  // 集团积分
  ...same('group_points', ['5A', 'A'], {
    degree: '消费积分按1.5倍累计,可兑换终端、信息化产品及礼品',
    coverage: '集团账户及成员',
    wording: '积分1.5倍累计,可兑换终端、信息化产品及礼品',
  }),
  ...same('group_points', ['4A', 'B'], {
    degree: '消费积分按1.2倍累计',
    coverage: '集团账户',
    wording: '积分1.2倍累计',
  }),
  std('group_points', 'basic', {
    degree: '按集团消费额累计积分',
    coverage: '集团账户',
    wording: '按集团消费额累计积分',
  }),

  // 投诉响应
  ...same('complaint_response', ['5A', '4A', 'A'], {
    responseTime: hrs(2),
    wording: '2小时内响应,24小时内答复处理结果',
  }),
  ...same('complaint_response', ['3A', 'B'], { responseTime: hrs(4), wording: '4小时内响应' }),
  std('complaint_response', 'basic', { responseTime: hrs(24), wording: '24小时内响应' }),

  // 首席客户经理
  ...same('chief_account_manager', ['5A', 'A'], {
    degree: '配备首席客户经理,一对一专属服务',
    coverage: HQ_AND_BRANCHES,
    wording: '配备首席客户经理,一对一专属服务',
  }),
  std('chief_account_manager', '4A', {
    degree: '配备首席客户经理',
    coverage: '集团总部',
    wording: '配备首席客户经理',
  }),
  ...notProvided('chief_account_manager', ['3A', '2A', '1A', 'B', 'C']),

  // 挂牌驻点
  ...same('onsite_station', ['5A', 'A'], {
    frequency: every('dekad'),
    coverage: '集团总部',
    wording: '挂牌驻点,每旬驻点不少于1次',
  }),
  ...same('onsite_station', ['4A', 'B'], {
    frequency: every('month'),
    coverage: '集团总部',
    wording: '挂牌驻点,每月驻点不少于1次',
  }),
  ...notProvided('onsite_station', ['3A', '2A', '1A', 'C']),

  // 节日问候
  ...same('holiday_greeting', ['5A', 'A'], {
    degree: '节日前上门问候并赠送节日礼品',
    coverage: KEY_CONTACTS,
    wording: '春节、中秋等节日前上门问候并赠送节日礼品',
  }),
  ...same('holiday_greeting', ['4A', '3A', 'B'], {
    degree: '节日前上门或电话问候',
    coverage: KEY_CONTACTS,
    wording: '节日前上门或电话问候',
  }),
  ...same('holiday_greeting', ['2A', 'C'], {
    degree: '节日短信或电话问候',
    coverage: KEY_CONTACTS,
    wording: '节日短信或电话问候',
  }),
  ...notProvided('holiday_greeting', ['1A']),

  // 信息化优先试用
  ...same('it_priority_trial', ['5A', 'A'], {
    degree: '新信息化产品优先免费试用3个月',
    wording: '新信息化产品优先免费试用3个月',
  }),
  ...same('it_priority_trial', ['4A', 'B'], {
    degree: '新信息化产品优先试用1个月',
    wording: '新信息化产品优先试用1个月',
  }),
  ...notProvided('it_priority_trial', ['3A', '2A', '1A', 'C']),

  // 网络运行情况报告 (frequencies as DEFAULT_ACTIONS)
  ...same('network_report', ['5A', 'A'], {
    frequency: every('month'),
    degree: '网络运行质量、故障及优化建议',
    wording: '每月提供网络运行情况报告',
  }),
  ...same('network_report', ['4A', '3A', 'B'], {
    frequency: every('quarter'),
    wording: '每季度提供网络运行情况报告',
  }),
  ...notProvided('network_report', ['2A', '1A', 'C']),

  // 专享商务服务
  ...same('exclusive_business_service', ['5A', 'A'], {
    frequency: every('year', 2),
    degree: '机场贵宾厅、商务用车等专享服务',
    coverage: '重要核心成员',
    wording: '每年2次机场贵宾厅、商务用车等专享服务',
  }),
  ...same('exclusive_business_service', ['4A', 'B'], {
    frequency: every('year'),
    degree: '机场贵宾厅专享服务',
    coverage: '重要核心成员',
    wording: '每年1次机场贵宾厅专享服务',
  }),

  // 俱乐部活动
  ...same('club_activity', ['5A', 'A'], {
    frequency: every('quarter'),
    coverage: '重要核心成员、重要普通成员',
    wording: '每季度邀请参加大客户俱乐部活动',
  }),
  ...same('club_activity', ['4A', 'B'], {
    frequency: every('half_year'),
    coverage: '重要核心成员',
    wording: '每半年邀请参加大客户俱乐部活动',
  }),
  std('club_activity', '3A', {
    frequency: every('year'),
    coverage: '重要核心成员',
    wording: '每年邀请参加大客户俱乐部活动',
  }),
];

export const MEMBER_AND_PERSONAL_STANDARDS: Standard[] = [
  // 集团成员专属优惠
  ...same('member_exclusive_offer', ['5A', '4A', 'A'], {
    degree: '成员办理业务享受集团专属资费优惠',
    coverage: '全体集团成员',
    wording: '全体集团成员享受集团专属资费优惠',
  }),
  ...same('member_exclusive_offer', ['3A', 'B'], {
    degree: '成员办理业务享受集团专属资费优惠',
    coverage: '集团总部成员',
    wording: '集团总部成员享受集团专属资费优惠',
  }),

  // 日常服务
  ...same('member_daily_service', ['5A', 'A'], {
    responseTime: ON_DEMAND,
    degree: '客户经理专人代办',
    coverage: KEY_CONTACTS,
    wording: '按需提供,客户经理专人代办话费查询、业务办理',
  }),
  std('member_daily_service', 'basic', {
    responseTime: ON_DEMAND,
    coverage: KEY_CONTACTS,
    wording: '通过集团热线、营业厅、电子渠道按需提供话费查询、业务办理等日常服务',
  }),

  // 首席拜访: per contact role
  ...(['5A', 'A'] as const).flatMap((level) =>
    perRole('chief_visit', level, {
      core: { frequency: every('quarter'), wording: '首席客户经理每季度拜访重要核心成员' },
      important: { frequency: every('half_year'), wording: '首席客户经理每半年拜访重要普通成员' },
    }),
  ),
  ...(['4A', 'B'] as const).flatMap((level) =>
    perRole('chief_visit', level, {
      core: { frequency: every('half_year'), wording: '首席客户经理每半年拜访重要核心成员' },
    }),
  ),

  // 备机服务
  ...same('spare_phone', ['5A', '4A', 'A'], {
    responseTime: hrs(4),
    degree: '手机维修期间提供备用机',
    coverage: '重要核心成员、重要普通成员',
    wording: '报修后4小时内送达备用机',
  }),
  ...same('spare_phone', ['3A', 'B'], {
    responseTime: wd(1),
    degree: '手机维修期间提供备用机',
    coverage: '重要核心成员',
    wording: '报修后1个工作日内提供备用机',
  }),

  // 免预存开通国长国漫
  ...same('intl_roaming_no_deposit', ['5A', '4A', '3A', 'A', 'B'], {
    degree: '免预存款开通国际长途及国际漫游',
    coverage: '重要核心成员、重要普通成员',
    wording: '免预存款开通国际长途及国际漫游',
  }),

  // 生日关怀 (roles as DEFAULT_ACTIONS)
  ...(['5A', 'A'] as const).flatMap((level) =>
    perRole('birthday_care', level, {
      core: {
        frequency: every('year'),
        degree: '生日祝福及电子兑换券',
        wording: '生日当天送上祝福及电子兑换券',
      },
      important: { frequency: every('year'), degree: '生日祝福', wording: '生日当天送上祝福' },
    }),
  ),
  ...(['4A', '3A', 'B'] as const).flatMap((level) =>
    perRole('birthday_care', level, {
      core: { frequency: every('year'), degree: '生日祝福', wording: '生日当天为重要核心成员送上祝福' },
    }),
  ),

  // 体验终端
  ...(['5A', 'A'] as const).flatMap((level) =>
    perRole('trial_terminal', level, {
      core: { frequency: every('year'), degree: '新款终端优先体验', wording: '每年1次新款终端优先体验' },
    }),
  ),
  ...perRole('trial_terminal', '4A', {
    core: { responseTime: ON_DEMAND, degree: '新款终端体验', wording: '按需申请新款终端体验' },
  }),

  // 联盟商家体验卡
  ...same('alliance_merchant_card', ['5A', '4A', 'A'], {
    frequency: every('year', 2),
    coverage: '重要核心成员、重要普通成员',
    wording: '每年2张联盟商家体验卡',
  }),
  ...same('alliance_merchant_card', ['3A', 'B'], {
    frequency: every('year'),
    coverage: '重要核心成员',
    wording: '每年1张联盟商家体验卡',
  }),
];
