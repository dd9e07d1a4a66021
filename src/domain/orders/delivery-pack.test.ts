import { describe, expect, it } from 'vitest';
import { buildDeliveryPack } from './delivery-pack.ts';

describe('delivery pack', () => {
  const doc = buildDeliveryPack({
    orderNumber: 'PO20260310-000001',
    customerName: '广州某集团',
    accountManager: { name: '张经理', phone: '13800000001' },
    issuer: '中国电信 政企客户部',
    issuedOn: '2026-03-20',
    lines: [
      {
        lineNo: 1,
        product: 'digital_circuit',
        scope: 'local',
        provisioningClass: 'express',
        bandwidthMbps: 100,
        aEnd: '天河',
        zEnd: '越秀',
        circuitNumber: 'GZ-DC-000001',
        activatedOn: '2026-03-17',
        oneTimeFeeFen: 300_000,
        monthlyFeeFen: 80_000,
      },
    ],
  });

  it('has the letter, the delivery list, the warranty card and the usage guide', () => {
    const headings = doc.blocks
      .filter((b) => b.kind === 'heading' && b.level === 1)
      .map((b) => (b as { text: string }).text);
    expect(headings).toEqual(['致客户信', '交付清单', '保修卡', '使用说明书']);
    expect(doc.lang).toBe('zh-CN');
    const text = JSON.stringify(doc.blocks);
    expect(text).toContain('GZ-DC-000001');
    expect(text).toContain('2026-03-17');
    expect(text).toContain('10000');
    expect(text).toContain('13800000001');
    expect(text).toContain('¥3,000.00');
    expect(text).toContain('特急');
  });

  it('lists each line with its fees and a total row', () => {
    const table = doc.blocks.find((b) => b.kind === 'table');
    expect(table && table.kind === 'table' && table.rows.at(-1)).toEqual([
      '',
      '合计',
      '',
      '',
      '',
      '',
      '¥3,000.00',
      '¥800.00',
    ]);
  });
});
