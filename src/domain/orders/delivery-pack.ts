/**
 * The delivery pack (交付资料, PRODUCT.md §5) handed to a customer HQ within 3 working days of
 * activation: a letter to the customer, the delivery list (lines, circuit numbers, activation
 * dates, fees), a warranty card and a usage guide (circuit number, activation date, fault hotline
 * 10000 and the account manager's phone). Built as a `PrintableDocument`, rendered to HTML and PDF
 * by the documents module.
 */
import { formatYuan } from '../compensation/money.ts';
import type { PrintableDocument } from '../documents/document.ts';
import { type OrderProduct, PRODUCT_NAMES_ZH, SCOPE_NAMES_ZH } from './order-plan.ts';
import { PROVISIONING_CLASS_TABLE, type ProvisioningClass } from './provisioning-class.ts';

export const FAULT_HOTLINE = '10000';

export type DeliveryPackLine = {
  lineNo: number;
  product: OrderProduct;
  scope: 'local' | 'in_province' | 'inter_province';
  provisioningClass: ProvisioningClass | null;
  bandwidthMbps: number | null;
  aEnd: string | null;
  zEnd: string | null;
  circuitNumber: string | null;
  activatedOn: string | null;
  oneTimeFeeFen: number;
  monthlyFeeFen: number;
};

export type DeliveryPackInput = {
  orderNumber: string;
  customerName: string;
  accountManager: { name: string; phone: string | null } | null;
  issuer: string;
  issuedOn: string;
  lines: DeliveryPackLine[];
};

const yuan = (fen: number) => `¥${formatYuan(fen)}`;
const dash = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? '—' : v);

function describeLine(l: DeliveryPackLine): string {
  const bw = l.bandwidthMbps ? ` ${l.bandwidthMbps}M` : '';
  return `${PRODUCT_NAMES_ZH[l.product]}${bw}(${SCOPE_NAMES_ZH[l.scope]})`;
}

/**
 * @example
 * buildDeliveryPack({ orderNumber: 'PO20260310-000001', customerName: '广州某集团', accountManager: { name: '张三', phone: '13800000000' },
 *   issuer: '中国电信 政企客户部', issuedOn: '2026-03-20', lines: [...] }).blocks[0]
 * // { kind: 'heading', text: '致客户信', level: 1 }
 */
export function buildDeliveryPack(input: DeliveryPackInput): PrintableDocument {
  const am = input.accountManager;
  const amText = am ? `${am.name}${am.phone ? `(电话 ${am.phone})` : ''}` : '您的客户经理';
  const totalOnce = input.lines.reduce((s, l) => s + l.oneTimeFeeFen, 0);
  const totalMonthly = input.lines.reduce((s, l) => s + l.monthlyFeeFen, 0);
  const numbers = input.lines.map((l) => l.circuitNumber).filter((n): n is string => !!n);
  return {
    title: '业务交付资料',
    subtitle: `定单 ${input.orderNumber} · ${input.customerName}`,
    issuer: input.issuer,
    issuedOn: input.issuedOn,
    lang: 'zh-CN',
    blocks: [
      { kind: 'heading', text: '致客户信', level: 1 },
      { kind: 'paragraph', text: `尊敬的${input.customerName}:` },
      {
        kind: 'paragraph',
        text: `感谢贵单位选用我公司的通信业务。贵单位定单 ${input.orderNumber} 所列业务已开通${
          numbers.length > 0 ? `(电路/业务号码:${numbers.join('、')})` : ''
        },现将交付清单、保修卡和使用说明书一并交付,请查收。`,
      },
      {
        kind: 'paragraph',
        text: `如有任何问题,请拨打故障申告热线 ${FAULT_HOTLINE},或联系客户经理${amText}。我们将竭诚为您服务。`,
      },
      { kind: 'signature', lines: [input.issuer, input.issuedOn] },
      { kind: 'pageBreak' },
      { kind: 'heading', text: '交付清单', level: 1 },
      {
        kind: 'keyValues',
        rows: [
          { label: '客户', value: input.customerName },
          { label: '定单号', value: input.orderNumber },
          { label: '交付日期', value: input.issuedOn },
        ],
      },
      {
        kind: 'table',
        columns: [
          '序号',
          '业务',
          '开通等级',
          '电路/业务号码',
          'A端 / Z端',
          '开通日期',
          '一次性费用',
          '月租费',
        ],
        align: ['left', 'left', 'left', 'left', 'left', 'left', 'right', 'right'],
        rows: [
          ...input.lines.map((l) => [
            String(l.lineNo),
            describeLine(l),
            l.provisioningClass ? PROVISIONING_CLASS_TABLE[l.provisioningClass].nameZh : '—',
            dash(l.circuitNumber),
            `${dash(l.aEnd)} / ${dash(l.zEnd)}`,
            dash(l.activatedOn),
            yuan(l.oneTimeFeeFen),
            yuan(l.monthlyFeeFen),
          ]),
          ['', '合计', '', '', '', '', yuan(totalOnce), yuan(totalMonthly)],
        ],
      },
      { kind: 'signature', lines: ['客户签收:', '日期:'] },
      { kind: 'pageBreak' },
      { kind: 'heading', text: '保修卡', level: 1 },
      {
        kind: 'paragraph',
        text: '自开通之日起,我公司对下列电路/业务提供维护保障:发生故障时请拨打故障申告热线,我公司按与贵单位约定的服务标准及时修复。',
      },
      {
        kind: 'table',
        columns: ['电路/业务号码', '业务', '开通日期', '保修起始'],
        rows: input.lines.map((l) => [
          dash(l.circuitNumber),
          describeLine(l),
          dash(l.activatedOn),
          dash(l.activatedOn),
        ]),
      },
      {
        kind: 'keyValues',
        rows: [
          { label: '故障申告热线', value: `${FAULT_HOTLINE}(7×24 小时)` },
          { label: '客户经理', value: amText },
        ],
      },
      { kind: 'pageBreak' },
      { kind: 'heading', text: '使用说明书', level: 1 },
      ...input.lines.flatMap((l) => [
        { kind: 'heading' as const, text: `${l.lineNo}. ${describeLine(l)}`, level: 2 as const },
        {
          kind: 'keyValues' as const,
          rows: [
            { label: '电路/业务号码', value: dash(l.circuitNumber) },
            { label: '开通日期', value: dash(l.activatedOn) },
            { label: 'A端 / Z端', value: `${dash(l.aEnd)} / ${dash(l.zEnd)}` },
            { label: '故障申告热线', value: FAULT_HOTLINE },
            { label: '客户经理电话', value: am?.phone ?? '—' },
          ],
        },
      ]),
      {
        kind: 'paragraph',
        text: `申告故障时请报上电路/业务号码,以便快速定位。日常使用中如需调整带宽、迁移或新增业务,请联系客户经理${amText}。`,
      },
    ],
  };
}
