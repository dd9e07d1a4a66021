/**
 * The monthly operating report (运行报告, PRODUCT.md §6) as a printable document: the frozen
 * figures (`OperatingReportData`) laid out in Chinese — overview, availability per circuit
 * against its target (bars and table), outages and restore times, tickets, provisioning
 * timeliness, compensation, joint meetings and their open actions. Pure.
 */

import { shanghaiDateOf } from '../calendar/dates.ts';
import { formatYuan } from '../compensation/money.ts';
import type { DocumentBlock, PrintableDocument } from '../documents/document.ts';
import type { OperatingReportData } from './report-data.ts';

export const TICKET_TYPE_LABELS: Record<string, string> = {
  fault: '故障',
  complaint: '投诉',
  inquiry: '咨询',
  request: '服务请求',
};
export const TICKET_STATUS_LABELS: Record<string, string> = {
  acknowledged: '已受理',
  inProgress: '处理中',
  pending: '待定',
  held: '挂起',
  resolved: '已解决',
  closed: '已关闭',
  cancelled: '已取消',
  rejected: '已驳回',
  reopened: '重开',
};
export const PRODUCT_LABELS: Record<string, string> = {
  fixed_line: '固定电话',
  digital_circuit: '数字电路',
  ddn: 'DDN',
  fr_atm: 'FR/ATM',
  data_circuit: '数据电路',
  dedicated_internet: '互联网专线',
  broadband: '宽带',
  idc: 'IDC',
  other: '其他',
};
export const CLASS_LABELS: Record<string, string> = { express: '特快', urgent: '加急', normal: '普通' };
export const SLIP_KIND_LABELS: Record<string, string> = {
  provisioning_late: '开通超时赔付',
  sla_availability: '可用率未达标赔付',
  sla_restore: '恢复超时赔付',
};
export const SLIP_STATUS_LABELS: Record<string, string> = {
  raised: '已生成',
  ops_stated: '运维已认定',
  approved: '已批准',
  rejected: '已驳回',
  customer_confirmed: '客户已确认',
  settled: '已结算',
};
export const AGREEMENT_KIND_LABELS: Record<string, string> = {
  sla_commitment: 'SLA 承诺',
  maintenance: '维护保障',
  quality_only: '质量承诺',
};
export const ACTION_STATUS_LABELS: Record<string, string> = {
  open: '进行中',
  done: '已完成',
  dropped: '已取消',
};
const OUTCOME_LABELS: Record<string, string> = {
  on_time: '按时',
  late: '超时',
  no_due_date: '无时限',
  open_overdue: '未开通已超期',
};

const label = (map: Record<string, string>, key: string | null | undefined) =>
  key ? (map[key] ?? key) : '—';

/**
 * Availability ppm as a percent with up to 4 decimals (at least 2).
 *
 * @example formatPpm(999500) // '99.95%'
 * @example formatPpm(1000000) // '100.00%'
 */
export function formatPpm(ppm: number | null): string {
  if (ppm === null) return '—';
  const text = (ppm / 10_000).toFixed(4).replace(/0{1,2}$/, '');
  return `${text}%`;
}

/** Minutes as "X 小时 Y 分" / "Y 分钟". */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return '—';
  if (minutes < 60) return `${minutes} 分钟`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} 小时` : `${h} 小时 ${m} 分`;
}

/** An instant as Shanghai "YYYY-MM-DD HH:MM". */
export function formatShanghai(atIso: string | null): string {
  if (!atIso) return '—';
  const ms = Date.parse(atIso);
  if (Number.isNaN(ms)) return atIso;
  const local = new Date(ms + 8 * 3_600_000).toISOString();
  return `${shanghaiDateOf(atIso)} ${local.slice(11, 16)}`;
}

const percent = (n: number, d: number) => (d === 0 ? '—' : `${Math.round((n * 1000) / d) / 10}%`);

export type ReportDocumentOptions = {
  issuer: string;
  /** YYYY-MM-DD. */
  issuedOn: string;
};

function targetsText(data: OperatingReportData): string {
  const a = data.agreement;
  if (!a) return '按各电路所属协议';
  const parts = [
    a.targets.availabilityPpm !== null ? `月可用率 ≥ ${formatPpm(a.targets.availabilityPpm)}` : null,
    a.targets.restoreMinutes !== null ? `故障恢复 ≤ ${formatMinutes(a.targets.restoreMinutes)}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join('，') : '无量化指标';
}

/**
 * Lays out a report's figures as a printable document.
 *
 * @example buildOperatingReportDocument(data, { issuer: '政企客户部', issuedOn: '2026-06-01' }).title // '客户运行报告'
 */
export function buildOperatingReportDocument(
  data: OperatingReportData,
  options: ReportDocumentOptions,
): PrintableDocument {
  const [year, month] = data.period.split('-');
  const periodText = `${year} 年 ${Number(month)} 月`;
  const a = data.agreement;
  const blocks: DocumentBlock[] = [];

  blocks.push({ kind: 'heading', text: '一、概况' });
  const level = a
    ? [label(AGREEMENT_KIND_LABELS, a.kind), a.slaClass, a.maintenanceLevel, a.afterSalesLevel]
        .filter(Boolean)
        .join(' · ')
    : '客户全部业务';
  blocks.push({
    kind: 'keyValues',
    rows: [
      { label: '客户', value: `${data.customer.name}（${data.customer.code}）` },
      { label: '客户等级', value: data.customer.tier ?? '—' },
      { label: '报告期', value: `${periodText}（${data.period}）` },
      {
        label: '协议',
        value: a ? `${a.agreementNumber} ${a.title}（第 ${a.version ?? '—'} 版）` : '—（客户全部业务）',
      },
      { label: '服务等级', value: level },
      { label: '承诺指标', value: targetsText(data) },
      { label: '客户经理', value: data.customer.accountManagerName ?? '—' },
    ],
  });
  const s = data.summary;
  blocks.push({
    kind: 'paragraph',
    text:
      `本月共 ${s.circuits} 条电路纳入统计，${s.breachedCircuits} 条可用率未达标` +
      `${s.worstAvailabilityPpm !== null ? `，最低可用率 ${formatPpm(s.worstAvailabilityPpm)}` : ''}；` +
      `故障中断 ${s.outageCount} 次，恢复超时 ${s.restoreBreaches} 次；` +
      `工单 ${data.tickets.total} 张，时限内解决率 ${percent(data.tickets.resolvedWithinLimit, data.tickets.withLimit)}；` +
      `开通 ${data.orders.activated} 条，及时率 ${data.orders.onTimeRate === null ? '—' : `${data.orders.onTimeRate}%`}；` +
      `赔付单 ${data.compensation.count} 张，金额 ¥${formatYuan(data.compensation.totalFen)}。`,
  });

  blocks.push({ kind: 'heading', text: '二、电路可用率' });
  blocks.push({
    kind: 'bars',
    title: '各电路月可用率与目标',
    unit: '%',
    items: data.circuits.map((c) => ({
      label: c.circuitNumber,
      value: c.availabilityPpm / 10_000,
      ...(c.targetAvailabilityPpm !== null ? { target: c.targetAvailabilityPpm / 10_000 } : {}),
    })),
  });
  blocks.push({
    kind: 'table',
    columns: ['电路编号', '业务', '可用率', '目标', '中断时长', '中断次数', '最长恢复', '恢复超时', '结论'],
    align: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
    rows: data.circuits.map((c) => [
      c.circuitNumber,
      label(PRODUCT_LABELS, c.product),
      `${formatPpm(c.availabilityPpm)}${c.measured ? '' : '*'}`,
      formatPpm(c.targetAvailabilityPpm),
      formatMinutes(c.outageMinutes),
      String(c.outageCount),
      formatMinutes(c.maxRestoreMinutes),
      String(c.restoreBreaches),
      c.targetAvailabilityPpm === null ? '无目标' : c.availabilityBreached ? '未达标' : '达标',
    ]),
  });
  if (data.circuits.some((c) => !c.measured)) {
    blocks.push({
      kind: 'paragraph',
      text: '* 本月尚无正式测量，按已登记的中断记录计算（不含客户原因及约定维护）。',
    });
  }

  blocks.push({ kind: 'heading', text: '三、故障中断与恢复' });
  blocks.push({
    kind: 'table',
    columns: ['电路编号', '中断开始', '恢复时间', '恢复用时', '本月计入', '来源', '原因'],
    align: ['left', 'left', 'left', 'right', 'right', 'left', 'left'],
    rows: data.outages.map((o) => [
      o.circuitNumber,
      formatShanghai(o.startedAt),
      o.restoredAt ? formatShanghai(o.restoredAt) : '未恢复',
      `${formatMinutes(o.restoreMinutes)}${o.restoreBreached ? '（超时）' : ''}`,
      o.excluded ? '不计入' : formatMinutes(o.minutesInMonth),
      o.source === 'ticket' ? `工单 ${o.ticketNumber ?? ''}`.trim() : '人工登记',
      o.cause ?? '—',
    ]),
  });

  blocks.push({ kind: 'heading', text: '四、服务工单' });
  const t = data.tickets;
  blocks.push({
    kind: 'keyValues',
    rows: [
      { label: '本月工单', value: `${t.total} 张（未结 ${t.open} 张）` },
      { label: '已解决', value: `${t.resolved} 张` },
      {
        label: '时限内解决',
        value: `${t.resolvedWithinLimit} / ${t.withLimit}（${percent(t.resolvedWithinLimit, t.withLimit)}）`,
      },
      { label: '超时', value: `${t.breached} 张` },
      { label: '升级', value: `${t.escalations} 次` },
    ],
  });
  blocks.push({
    kind: 'bars',
    title: '工单类型分布',
    unit: '张',
    items: t.byType.map((b) => ({ label: label(TICKET_TYPE_LABELS, b.ticketType), value: b.count })),
  });

  blocks.push({ kind: 'heading', text: '五、业务开通及时率' });
  const o = data.orders;
  blocks.push({
    kind: 'keyValues',
    rows: [
      {
        label: '本月开通',
        value: `${o.activated} 条（按时 ${o.onTime}，超时 ${o.late}，无时限 ${o.noDueDate}）`,
      },
      { label: '及时率', value: o.onTimeRate === null ? '—' : `${o.onTimeRate}%` },
      { label: '超时工作日合计', value: `${o.overdueWorkingDays} 个工作日` },
      { label: '未开通已超期', value: `${o.openOverdue} 条` },
    ],
  });
  blocks.push({
    kind: 'table',
    columns: ['订单', '行', '业务', '开通等级', '应开通日', '开通日', '超时工作日', '结果'],
    align: ['left', 'right', 'left', 'left', 'left', 'left', 'right', 'left'],
    rows: o.lines.map((l) => [
      l.orderNumber,
      String(l.lineNo),
      `${label(PRODUCT_LABELS, l.product)}${l.crossOperator ? '（跨运营商）' : ''}`,
      l.provisioningClass ? label(CLASS_LABELS, l.provisioningClass) : '—',
      l.dueDate ? `${l.dueDate}${l.dueProvisional ? '（暂定）' : ''}` : '—',
      l.activatedOn ?? '—',
      l.overdueWorkingDays === null ? '—' : String(l.overdueWorkingDays),
      OUTCOME_LABELS[l.outcome] ?? l.outcome,
    ]),
  });

  blocks.push({ kind: 'heading', text: '六、赔付' });
  blocks.push({
    kind: 'table',
    columns: ['赔付单号', '类型', '对象', '状态', '金额（元）'],
    align: ['left', 'left', 'left', 'left', 'right'],
    rows: data.compensation.slips.map((sl) => [
      sl.slipNumber,
      label(SLIP_KIND_LABELS, sl.kind),
      sl.circuitNumber ?? sl.orderNumber ?? '—',
      label(SLIP_STATUS_LABELS, sl.status),
      formatYuan(sl.amountFen),
    ]),
  });
  blocks.push({
    kind: 'paragraph',
    text: `赔付合计（不含已驳回）：¥${formatYuan(data.compensation.totalFen)}`,
  });

  blocks.push({ kind: 'heading', text: '七、联席会议与待办事项' });
  blocks.push({
    kind: 'table',
    columns: ['日期', '议题', '地点', '参会人数', '行动项'],
    align: ['left', 'left', 'left', 'right', 'left'],
    rows: data.meetings.map((m) => [
      m.heldOn,
      m.topic,
      m.place ?? '—',
      String(m.attendees),
      m.actions
        .map((x) => `${x.title}（${x.ownerName ?? '—'}，${label(ACTION_STATUS_LABELS, x.status)}）`)
        .join('；') || '—',
    ]),
  });
  blocks.push({ kind: 'heading', text: '未完成的行动项', level: 2 });
  blocks.push({
    kind: 'table',
    columns: ['会议日期', '议题', '行动项', '负责人', '完成期限'],
    rows: data.openActions.map((x) => [x.heldOn, x.topic, x.title, x.ownerName ?? '—', x.dueDate ?? '—']),
  });

  blocks.push({ kind: 'signature', lines: ['客户经理：', '客户代表：'] });

  return {
    title: '客户运行报告',
    subtitle: `${data.customer.name} · ${periodText}${a ? ` · ${a.agreementNumber}` : ''}`,
    issuer: options.issuer,
    issuedOn: options.issuedOn,
    lang: 'zh-CN',
    blocks,
  };
}
