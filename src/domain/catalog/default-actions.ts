/**
 * The shipped mandatory actions (规定动作, PRODUCT.md §4, seeds 001 and 004): per tier, account
 * manager visits, network operation reports, holiday greetings and birthday care for key contacts.
 * Frequencies are defaults an administrator changes by publishing a new catalog version.
 */
import type { MandatoryAction, Period } from './types.ts';

const visit = (level: MandatoryAction['level'], period: Period, name: string): MandatoryAction => ({
  code: `visit_${level.toLowerCase()}`,
  name: `客户经理上门拜访(${name})`,
  nameEn: `Account manager visit (${period.replace('_', '-')})`,
  level,
  kind: 'visit',
  schedule: { kind: 'periodic', period, times: 1 },
  itemCode: 'am_visit',
  owner: 'account_manager',
});

const report = (level: MandatoryAction['level'], period: Period, name: string): MandatoryAction => ({
  code: `network_report_${level.toLowerCase()}`,
  name: `网络运行情况报告(${name})`,
  nameEn: `Network operation report (${period.replace('_', '-')})`,
  level,
  kind: 'report',
  schedule: { kind: 'periodic', period, times: 1 },
  itemCode: 'network_report',
  owner: 'account_manager',
});

const greeting = (level: MandatoryAction['level']): MandatoryAction => ({
  code: `holiday_greeting_${level.toLowerCase()}`,
  name: '节日问候',
  nameEn: 'Holiday greetings',
  level,
  kind: 'greeting',
  schedule: { kind: 'holiday' },
  itemCode: 'holiday_greeting',
  owner: 'account_manager',
});

const birthday = (level: MandatoryAction['level'], roles: ('core' | 'important')[]): MandatoryAction => ({
  code: `birthday_care_${level.toLowerCase()}`,
  name: roles.length > 1 ? '关键联系人生日关怀' : '核心成员生日关怀',
  nameEn: roles.length > 1 ? 'Birthday care for key contacts' : 'Birthday care for core contacts',
  level,
  kind: 'birthday_care',
  schedule: { kind: 'birthday', contactRoles: roles },
  itemCode: 'birthday_care',
  owner: 'account_manager',
});

/**
 * 5A: visit and network report monthly, greetings, birthday care for core and important members;
 * 4A: visit monthly, report quarterly, greetings, birthday care for core members;
 * 3A: visit and report quarterly, greetings, birthday care for core members;
 * 2A: visit half-yearly, greetings; 1A (A): visit yearly.
 */
export const DEFAULT_ACTIONS: MandatoryAction[] = [
  visit('5A', 'month', '每月'),
  report('5A', 'month', '每月'),
  greeting('5A'),
  birthday('5A', ['core', 'important']),
  visit('4A', 'month', '每月'),
  report('4A', 'quarter', '每季度'),
  greeting('4A'),
  birthday('4A', ['core']),
  visit('3A', 'quarter', '每季度'),
  report('3A', 'quarter', '每季度'),
  greeting('3A'),
  birthday('3A', ['core']),
  visit('2A', 'half_year', '每半年'),
  greeting('2A'),
  visit('1A', 'year', '每年'),
];
