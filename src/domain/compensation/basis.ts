/**
 * The computation basis of a slip in words (PRODUCT.md §5–6: "anyone can check the amount"). The
 * raising module stores the rule's inputs in `basis`; this turns them into Chinese sentences such as
 * "3 个工作日 × 5% × 一次性费用 ¥3,000.00 = ¥450.00". A basis may carry its own `explanation`
 * (string lines), which is shown as given after the computed lines.
 */
import { formatYuan } from './money.ts';
import type { SlipKind } from './workflow.ts';

const CLASS_NAMES: Record<string, string> = { express: '特急', urgent: '加急', normal: '普通' };
const PRODUCT_NAMES: Record<string, string> = {
  digital_circuit: '数字电路',
  ddn: 'DDN',
  fr_atm: 'FR/ATM',
  data_circuit: '数据电路',
  dedicated_internet: '互联网专线',
  fixed_line: '固定电话',
  broadband: '宽带',
  idc: 'IDC',
  other: '其他',
};

const yuan = (fen: number) => `¥${formatYuan(fen)}`;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
/** Parts per million as a percentage with up to four decimals (999_500 → "99.95%"). */
const ppmPercent = (ppm: number) => `${(ppm / 10_000).toFixed(4).replace(/\.?0+$/, '')}%`;

/**
 * Lines explaining how the amount was computed.
 *
 * @example
 * explainSlipBasis('provisioning_late', { provisioningClass: 'express', oneTimeFeeFen: 300_000, overdueWorkingDays: 3, percentPerDay: 5 }, 45_000);
 * // → ['开通等级 特急:每逾期一个工作日赔付一次性费用的 5%,封顶为一次性费用全额', '3 个工作日 × 5% × 一次性费用 ¥3,000.00 = ¥450.00']
 */
export function explainSlipBasis(
  kind: SlipKind,
  basis: Record<string, unknown>,
  computedFen: number,
): string[] {
  const own = ownLines(basis.explanation);
  const lines =
    kind === 'provisioning_late'
      ? provisioningLines(basis, computedFen)
      : slaLines(kind, basis, own.length > 0);
  const hasFormula = lines.some((l) => l.includes(' = '));
  // The raiser's own sentence (`text`) repeats the formula; keep it only when ours is missing.
  const text = str(basis.text);
  if (text && !hasFormula) lines.push(text);
  lines.push(...own);
  if (lines.length === 0) lines.push(`按规则计算的赔付金额 ${yuan(computedFen)}`);
  return lines;
}

function ownLines(v: unknown): string[] {
  if (typeof v === 'string' && v.length > 0) return [v];
  return Array.isArray(v) ? v.filter((l): l is string => typeof l === 'string' && l.length > 0) : [];
}

function provisioningLines(b: Record<string, unknown>, computedFen: number): string[] {
  const lines: string[] = [];
  const cls = str(b.provisioningClass);
  const fee = num(b.oneTimeFeeFen);
  const days = num(b.overdueWorkingDays);
  const pct = num(b.percentPerDay);
  const product = str(b.product);
  const head = [
    product ? `产品 ${PRODUCT_NAMES[product] ?? product}` : null,
    str(b.dueDate) ? `应开通日 ${b.dueDate}` : null,
    str(b.activatedOn) ? `实际开通日 ${b.activatedOn}` : null,
  ].filter((x) => x !== null);
  if (head.length > 0) lines.push(head.join(',') + (days !== null ? `,逾期 ${days} 个工作日` : ''));
  if (cls && pct !== null) {
    lines.push(
      `开通等级 ${CLASS_NAMES[cls] ?? cls}:每逾期一个工作日赔付一次性费用的 ${pct}%,封顶为一次性费用全额`,
    );
  }
  if (fee !== null && days !== null && pct !== null) {
    const uncapped = num(b.uncappedFen) ?? computedFen;
    lines.push(`${days} 个工作日 × ${pct}% × 一次性费用 ${yuan(fee)} = ${yuan(uncapped)}`);
    if (b.capped === true) lines.push(`超过封顶,按一次性费用全额 ${yuan(fee)} 赔付`);
  }
  return lines;
}

function slaLines(kind: SlipKind, b: Record<string, unknown>, explained: boolean): string[] {
  const lines: string[] = [];
  const period = str(b.period) ?? str(b.month);
  const circuit = str(b.circuitNumber);
  const cls = str(b.slaClass) ?? str(b.class);
  const agreement = str(b.agreementNumber);
  const head = [
    agreement ? `协议 ${agreement}` : null,
    period ? `统计月份 ${period}` : null,
    circuit ? `电路 ${circuit}` : null,
    cls ? `SLA 等级 ${cls}` : null,
  ].filter((x) => x !== null);
  if (head.length > 0) lines.push(head.join(','));
  if (kind === 'sla_availability') {
    const actual = num(b.availabilityPpm);
    const target = num(b.targetPpm) ?? num(b.targetAvailabilityPpm);
    if (actual !== null && target !== null) {
      lines.push(`月可用率 ${ppmPercent(actual)},低于承诺 ${ppmPercent(target)}`);
    }
    const outage = num(b.outageMinutes);
    if (outage !== null) lines.push(`计入中断时长 ${outage} 分钟`);
  } else {
    const breaches = num(b.restoreBreaches) ?? num(b.breaches);
    const limit = num(b.restoreTargetMinutes) ?? num(b.targetRestoreMinutes) ?? num(b.targetMinutes);
    if (breaches !== null) {
      lines.push(`超出修复时限${limit !== null ? `(${limit} 分钟)` : ''}的故障 ${breaches} 次`);
    }
    const longest = num(b.maxRestoreMinutes);
    if (longest !== null) lines.push(`最长修复时间 ${longest} 分钟`);
  }
  if (explained) return lines;
  const fee = num(b.monthlyFeeFen);
  const pct = num(b.percent) ?? num(b.compensationPercent);
  const amount = num(b.amountFen) ?? num(b.uncappedFen);
  if (fee !== null && pct !== null) {
    lines.push(`月租费 ${yuan(fee)} × ${pct}%${amount !== null ? ` = ${yuan(amount)}` : ''}`);
  }
  const cap = num(b.capFen);
  if (b.capped === true && cap !== null) lines.push(`超过封顶,按 ${yuan(cap)} 赔付`);
  return lines;
}
