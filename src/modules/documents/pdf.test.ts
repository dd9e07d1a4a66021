import { describe, expect, it } from 'vitest';
import type { PrintableDocument } from '../../domain/documents/document.ts';
import { columnWidths, renderDocumentPdf } from './pdf.ts';

const pageCount = (pdf: Buffer) => {
  const m = /\/Type \/Pages\s*\/Count (\d+)/.exec(pdf.toString('latin1'));
  return m ? Number(m[1]) : 0;
};

describe('renderDocumentPdf', () => {
  it('renders a Chinese document with the font embedded and page numbers', async () => {
    const doc: PrintableDocument = {
      title: '交付函',
      subtitle: '订单 PO-2026-000001',
      issuer: '中国电信广州分公司 政企客户部',
      issuedOn: '2026-05-06',
      lang: 'zh-CN',
      blocks: [
        { kind: 'heading', text: '一、交付清单' },
        { kind: 'paragraph', text: '尊敬的客户：贵单位申请的电路已开通，请查收。' },
        { kind: 'keyValues', rows: [{ label: '故障热线', value: '10000' }] },
        {
          kind: 'table',
          columns: ['电路编号', '开通日期', '一次性费用'],
          rows: [['GZ-DC-0001', '2026-05-06', '¥3,000.00']],
          align: ['left', 'left', 'right'],
        },
        {
          kind: 'bars',
          title: '可用率',
          unit: '%',
          items: [{ label: 'GZ-DC-0001', value: 99.9, target: 99.95 }],
        },
        { kind: 'signature', lines: ['客户签收：', '日期：'] },
      ],
    };
    const pdf = await renderDocumentPdf(doc);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    const text = pdf.toString('latin1');
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Bold/);
    expect(text).toContain('/FontFile2');
    expect(pageCount(pdf)).toBe(1);
  });

  it('breaks long tables across pages and honours page breaks', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`GZ-${i}`, '故障'.repeat(i % 7), String(i)]);
    const pdf = await renderDocumentPdf({
      title: 'Long',
      issuer: 'X',
      issuedOn: '2026-05-06',
      lang: 'en',
      blocks: [
        { kind: 'table', columns: ['a', 'b', 'c'], rows },
        { kind: 'pageBreak' },
        { kind: 'paragraph', text: 'end' },
      ],
    });
    expect(pageCount(pdf)).toBeGreaterThanOrEqual(4);
  });

  it('sizes columns by their content', () => {
    const w = columnWidths(['编号', '说明'], [['1', '很长的说明文字很长的说明文字']], 400);
    expect(w[0]! + w[1]!).toBeCloseTo(400);
    expect(w[1]!).toBeGreaterThan(w[0]!);
  });

  it('keeps short columns (amounts, dates, codes) whole and lets long text wrap', () => {
    const long = '广州市天河区天河路 385 号太古汇一座 18 楼机房 / 越秀局';
    const w = columnWidths(
      ['序号', '一次性费用', '开通日期', 'A端 / Z端'],
      [['1', '¥3,000.00', '2026-03-17', long]],
      400,
    );
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(400);
    expect(w[1]!).toBeGreaterThanOrEqual(9 * 4.9 + 10); // '¥3,000.00' on one line
    expect(w[2]!).toBeGreaterThanOrEqual(10 * 4.9 + 10);
    expect(w[3]!).toBeGreaterThan(w[1]!);
  });
});
