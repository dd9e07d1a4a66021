/**
 * The shipped service items (PRODUCT.md §4): the rows of seed 001's star table and basic service
 * standards, and the China Mobile basic / value-added / extended examples of seed 004.
 */
import type { ServiceItem } from './types.ts';

const item = (
  code: string,
  name: string,
  nameEn: string,
  category: ServiceItem['category'],
  attribute: ServiceItem['attribute'],
  need: ServiceItem['need'],
  extra: Partial<Pick<ServiceItem, 'description' | 'products' | 'scoped'>> = {},
): ServiceItem => ({
  code,
  name,
  nameEn,
  category,
  attribute,
  need,
  description: extra.description ?? null,
  products: extra.products ?? [],
  scoped: extra.scoped ?? false,
});

// ─── Items ──────────────────────────────────────────────────────────────────────────────────

export const STAR_TABLE_ITEMS: ServiceItem[] = [
  item('fixed_line_installation', '固定电话装机时限', 'Fixed-line installation', 'basic', 'group', 'basic', {
    description: '大客户星级服务标准、基本服务标准(种子 001)',
  }),
  item(
    'fixed_line_restore',
    '固定电话复通业务及功能增加',
    'Fixed-line restoration and feature add',
    'basic',
    'group',
    'basic',
    { description: '大客户星级服务标准、基本服务标准(种子 001)' },
  ),
  item(
    'circuit_provisioning',
    '数字电路及数据电路开通',
    'Digital and data circuit provisioning',
    'basic',
    'group',
    'basic',
    {
      description: '星级标准按开通比例承诺;基本服务标准按本地、省内、省际区分(种子 001)',
      products: ['digital_circuit', 'data_circuit'],
      scoped: true,
    },
  ),
  item(
    'internet_provisioning',
    '互联网业务、宽带业务及新业务开通',
    'Internet, broadband and new service provisioning',
    'basic',
    'group',
    'basic',
    {
      description: '互联网专线、拨号、宽带 ADSL/LAN 分别规定时限(种子 001)',
      products: ['dedicated_internet', 'dial_up', 'adsl_lan'],
    },
  ),
  item(
    'circuit_fault',
    '数字、数据电路故障申告处理',
    'Digital and data circuit fault handling',
    'basic',
    'group',
    'basic',
    {
      description: '基本服务标准(种子 001)',
    },
  ),
  item('fixed_line_repair', '固定电话障碍修复', 'Fixed-line fault repair', 'basic', 'group', 'basic', {
    description: '基本服务标准(种子 001)',
  }),
  item('idc_provisioning', 'IDC业务开通时限', 'IDC service provisioning', 'basic', 'group', 'basic', {
    description: '基本服务标准(种子 001)',
  }),
];

export const GROUP_ITEMS: ServiceItem[] = [
  item('am_visit', '日常拜访', 'Account manager visits', 'basic', 'group', 'basic', {
    description: '客户经理上门拜访集团客户(种子 004 基础服务)',
  }),
  item('business_consulting', '业务咨询', 'Business consultation', 'basic', 'group', 'basic'),
  item('group_points', '集团积分', 'Group loyalty points', 'basic', 'group', 'basic'),
  item('complaint_response', '投诉响应', 'Complaint response', 'basic', 'group', 'basic'),
  item(
    'chief_account_manager',
    '首席客户经理',
    'Chief account manager',
    'value_added',
    'group',
    'value_added',
  ),
  item('onsite_station', '挂牌驻点', 'On-site service station', 'value_added', 'group', 'value_added'),
  item('holiday_greeting', '节日问候', 'Holiday greetings', 'value_added', 'group', 'value_added'),
  item(
    'it_priority_trial',
    '信息化优先试用',
    'Priority trial of IT products',
    'value_added',
    'group',
    'value_added',
  ),
  item(
    'network_report',
    '网络运行情况报告',
    'Network operation report',
    'value_added',
    'group',
    'value_added',
    {
      description: '运行情况报告(种子 001、种子 004 网络监测)',
    },
  ),
  item(
    'exclusive_business_service',
    '专享商务服务',
    'Exclusive business services',
    'extended',
    'group',
    'extended',
  ),
  item('club_activity', '俱乐部活动', 'Club activities', 'extended', 'group', 'extended'),
];

export const MEMBER_AND_PERSONAL_ITEMS: ServiceItem[] = [
  item(
    'member_exclusive_offer',
    '集团成员专属优惠',
    'Exclusive offers for group members',
    'value_added',
    'member',
    'value_added',
  ),
  item('member_daily_service', '日常服务', 'Everyday service', 'basic', 'personal', 'basic'),
  item(
    'chief_visit',
    '首席拜访',
    'Visits by the chief account manager',
    'value_added',
    'personal',
    'value_added',
  ),
  item('spare_phone', '备机服务', 'Spare phone service', 'value_added', 'personal', 'value_added'),
  item(
    'intl_roaming_no_deposit',
    '免预存开通国长国漫',
    'International calls and roaming without deposit',
    'value_added',
    'personal',
    'value_added',
  ),
  item('birthday_care', '生日关怀', 'Birthday care', 'value_added', 'personal', 'value_added', {
    description: '生日关怀(电子兑换类资源,种子 004)',
  }),
  item('trial_terminal', '体验终端', 'Trial devices', 'extended', 'personal', 'extended'),
  item(
    'alliance_merchant_card',
    '联盟商家体验卡',
    'Alliance merchant cards',
    'extended',
    'personal',
    'extended',
  ),
];
