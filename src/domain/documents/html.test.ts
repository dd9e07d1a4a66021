import { describe, expect, it } from 'vitest';
import type { PrintableDocument } from './document.ts';
import { barFraction, barScale, escapeHtml, formatBarValue, renderDocumentHtml } from './html.ts';

const doc: PrintableDocument = {
  title: '运行报告 <2026-05>',
  subtitle: '客户 "A&B" 公司',
  issuer: '政企客户部',
  issuedOn: '2026-06-01',
  lang: 'zh-CN',
  blocks: [
    { kind: 'heading', text: '一、可用率' },
    { kind: 'paragraph', text: '<script>alert(1)</script>' },
    { kind: 'keyValues', rows: [{ label: '客户', value: "O'Neil & Co" }] },
    { kind: 'table', columns: ['电路', '可用率'], rows: [['GZ-001', '99.95']], align: ['left', 'right'] },
    { kind: 'table', columns: ['工单'], rows: [] },
    {
      kind: 'bars',
      title: '可用率',
      unit: '%',
      items: [
        { label: 'GZ-001', value: 99.9, target: 99.95 },
        { label: 'GZ-002', value: 100, target: 99.95 },
      ],
    },
    { kind: 'signature', lines: ['客户签字：', '客户经理签字：'] },
    { kind: 'pageBreak' },
  ],
};

describe('escapeHtml', () => {
  it.each([
    ['<b>', '&lt;b&gt;'],
    ['a & b', 'a &amp; b'],
    [`"x" 'y'`, '&quot;x&quot; &#39;y&#39;'],
    ['中文', '中文'],
  ])('%s', (input, out) => expect(escapeHtml(input)).toBe(out));
});

describe('renderDocumentHtml', () => {
  const html = renderDocumentHtml(doc);
  it('is a complete page with the lang and A4 print CSS', () => {
    expect(html.startsWith('<!doctype html><html lang="zh-CN">')).toBe(true);
    expect(html).toContain('@page { size: A4');
    expect(html).toContain('<title>运行报告 &lt;2026-05&gt;</title>');
  });
  it('escapes every text', () => {
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('O&#39;Neil &amp; Co');
    expect(html).toContain('客户 &quot;A&amp;B&quot; 公司');
  });
  it('renders tables with right-aligned numbers, empty tables with a dash', () => {
    expect(html).toContain('<td class="num">99.95</td>');
    expect(html).toContain('<td class="empty" colspan="1">—</td>');
  });
  it('draws bars as inline SVG, below-target bars in red, with a target mark', () => {
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain('fill="#cf1322"');
    expect(html).toContain('stroke="#fa8c16"');
  });
  it('renders signature lines and page breaks; is deterministic', () => {
    expect(html).toContain('<div class="line">客户经理签字：</div>');
    expect(html).toContain('class="page-break"');
    expect(renderDocumentHtml(doc)).toBe(html);
  });
  it('uses English labels for an English document', () => {
    expect(renderDocumentHtml({ ...doc, lang: 'en', blocks: [] })).toContain('Issued: 2026-06-01');
  });
});

describe('bar scale', () => {
  it('zooms on high availability values so 99.9 and 99.95 differ', () => {
    const scale = barScale([{ value: 99.9, target: 99.95 }]);
    expect(scale.max).toBe(100);
    expect(scale.min).toBeGreaterThan(99);
    expect(scale.min).toBeLessThan(99.9);
    expect(barFraction(99.9, scale)).toBeLessThan(barFraction(99.95, scale));
  });
  it('starts at 0 for spread values and counts', () => {
    expect(barScale([{ value: 3 }, { value: 12 }])).toEqual({ min: 0, max: 12 });
    expect(barScale([{ value: 40 }, { value: 95 }])).toEqual({ min: 0, max: 100 });
    expect(barScale([])).toEqual({ min: 0, max: 1 });
  });
  it('clamps fractions and formats values', () => {
    expect(barFraction(150, { min: 0, max: 100 })).toBe(1);
    expect(barFraction(-1, { min: 0, max: 100 })).toBe(0);
    expect(formatBarValue(99.94999)).toBe('99.95');
    expect(formatBarValue(Number.NaN)).toBe('—');
  });
});
