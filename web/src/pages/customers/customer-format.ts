/** Display helpers of the customers pages: money in 万元/元, birthdays, tier colours. */
import type { GroupClass, Tier } from '../../api/customers';

const FEN_PER_WAN = 1_000_000;

const wanFormat = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Integer fen as 万元 for charts (a plain number, two decimals). */
export function fenToWan(fen: number): number {
  return Math.round(fen / (FEN_PER_WAN / 100)) / 100;
}

/** `12,345.67` (万元) from integer fen. */
export function formatWan(fen: number): string {
  return wanFormat.format(fenToWan(fen));
}

function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) / 86_400_000;
}

/**
 * Days from `todayDate` to the next birthday (0 = today), for a birthday 'YYYY-MM-DD';
 * a 29 February birthday falls on 1 March in common years. Null for an unreadable date.
 */
export function daysUntilBirthday(birthday: string, todayDate: string): number | null {
  const match = /^\d{4}-(\d{2})-(\d{2})$/.exec(birthday);
  if (!match) return null;
  const month = Number(match[1]);
  const day = Number(match[2]);
  const year = Number(todayDate.slice(0, 4));
  const next = (y: number): number => {
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    const [m, d] = month === 2 && day === 29 && !leap ? [3, 1] : [month, day];
    return Date.UTC(y, m - 1, d) / 86_400_000;
  };
  const today = dayNumber(todayDate);
  const thisYear = next(year);
  return thisYear >= today ? thisYear - today : next(year + 1) - today;
}

/** antd tag colours per tier, hottest for 5A. */
export const TIER_COLORS: Record<Tier, string> = {
  '5A': 'volcano',
  '4A': 'orange',
  '3A': 'gold',
  '2A': 'blue',
  '1A': 'default',
};

/** The same colours as hex, for charts. */
export const TIER_CHART_COLORS: Record<Tier, string> = {
  '5A': '#d4380d',
  '4A': '#fa8c16',
  '3A': '#d4b106',
  '2A': '#1677ff',
  '1A': '#8c8c8c',
};

/** Bar colours of the group classes (A/B/C scheme), highest first as for the tiers. */
export const GROUP_CLASS_CHART_COLORS: Record<GroupClass, string> = {
  A: '#d4380d',
  B: '#fa8c16',
  C: '#1677ff',
};

export { formatYuan } from '../../money';
