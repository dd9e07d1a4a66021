/**
 * The shipped catalog (PRODUCT.md §4): the star standards table and the basic service standards
 * of seed 001, the China Mobile basic / value-added / extended examples of seed 004
 * (`default-items.ts`, `default-standards.ts`), the CSC channel matrix below, and the mandatory
 * actions of `default-actions.ts`. Published as version 1.
 */
import { DEFAULT_ACTIONS } from './default-actions.ts';
import { GROUP_ITEMS, MEMBER_AND_PERSONAL_ITEMS, STAR_TABLE_ITEMS } from './default-items.ts';
import { GROUP_STANDARDS, MEMBER_AND_PERSONAL_STANDARDS, STAR_TABLE_STANDARDS } from './default-standards.ts';
import type { CatalogDocument, ChannelRule, ServiceLevel } from './types.ts';

// ─── Channels (CSC model, seed 004) ─────────────────────────────────────────────────────────

const TOP: ServiceLevel[] = ['5A', '4A', 'A'];
const UPPER: ServiceLevel[] = ['5A', '4A', '3A', 'A', 'B'];
const TIERS_AND_CLASSES: ServiceLevel[] = ['5A', '4A', '3A', '2A', '1A', 'A', 'B', 'C'];

const rule = (
  channel: ChannelRule['channel'],
  itemCode: string,
  levels: ServiceLevel[],
  role: ChannelRule['role'] = 'primary',
): ChannelRule => ({ channel, itemCode, levels, role });

const CHANNELS: ChannelRule[] = [
  rule('account_manager', 'am_visit', [...TIERS_AND_CLASSES, 'basic']),
  rule('account_manager', 'business_consulting', UPPER),
  rule('account_manager', 'chief_account_manager', TOP),
  rule('account_manager', 'onsite_station', ['5A', '4A', 'A', 'B']),
  rule('account_manager', 'holiday_greeting', ['5A', '4A', '3A', '2A', 'A', 'B', 'C']),
  rule('account_manager', 'it_priority_trial', ['5A', '4A', 'A', 'B']),
  rule('account_manager', 'network_report', UPPER),
  rule('account_manager', 'exclusive_business_service', ['5A', '4A', 'A', 'B']),
  rule('account_manager', 'chief_visit', ['5A', '4A', 'A', 'B']),
  rule('account_manager', 'birthday_care', UPPER),
  rule('account_manager', 'fixed_line_installation', ['5A', '4A']),
  rule('account_manager', 'circuit_provisioning', ['5A', '4A', '3A']),
  rule('account_manager', 'internet_provisioning', ['5A', '4A', '3A']),
  rule('account_manager', 'idc_provisioning', ['basic']),
  rule('account_manager', 'complaint_response', TOP, 'support'),
  rule('sa', 'spare_phone', UPPER),
  rule('sa', 'intl_roaming_no_deposit', UPPER),
  rule('sa', 'trial_terminal', TOP),
  rule('sa', 'club_activity', UPPER),
  rule('sa', 'member_exclusive_offer', UPPER),
  rule('sa', 'member_daily_service', ['5A', 'A']),
  rule('sa', 'group_points', ['5A', '4A', 'A', 'B'], 'support'),
  rule('group_hotline', 'complaint_response', [...UPPER, 'basic']),
  rule('group_hotline', 'business_consulting', [...UPPER, 'basic']),
  rule('group_hotline', 'fixed_line_restore', ['5A', '4A', '3A', '2A', '1A', 'basic']),
  rule('group_hotline', 'fixed_line_repair', ['basic']),
  rule('group_hotline', 'circuit_fault', ['basic']),
  rule('group_hotline', 'member_daily_service', ['5A', 'A', 'basic'], 'support'),
  rule('business_hall', 'fixed_line_installation', ['3A', '2A', '1A', 'basic']),
  rule('business_hall', 'internet_provisioning', ['2A', '1A', 'basic']),
  rule('business_hall', 'circuit_provisioning', ['2A', '1A', 'basic']),
  rule('business_hall', 'member_daily_service', ['basic']),
  rule('business_hall', 'intl_roaming_no_deposit', UPPER, 'support'),
  rule('electronic', 'group_points', ['5A', '4A', 'A', 'B', 'basic']),
  rule('electronic', 'business_consulting', [...UPPER, 'basic'], 'support'),
  rule('electronic', 'member_daily_service', ['5A', 'A', 'basic'], 'support'),
  rule('electronic', 'alliance_merchant_card', UPPER),
  rule('electronic', 'birthday_care', UPPER, 'support'),
];

export const DEFAULT_CATALOG: CatalogDocument = {
  items: [...STAR_TABLE_ITEMS, ...GROUP_ITEMS, ...MEMBER_AND_PERSONAL_ITEMS],
  standards: [...STAR_TABLE_STANDARDS, ...GROUP_STANDARDS, ...MEMBER_AND_PERSONAL_STANDARDS],
  actions: DEFAULT_ACTIONS,
  channels: CHANNELS,
};
