import { describe, expect, it } from 'vitest';
import { IMPORT_COLUMNS, IMPORT_KINDS, resolveHeader, templateCsv } from './columns.ts';

describe('resolveHeader', () => {
  it('accepts canonical names and Chinese aliases with units in brackets', () => {
    const map = resolveHeader('billing', ['\uFEFF客户编码', '月份', '出账收入(元)', 'Voice', '备注']);
    expect(Object.fromEntries(map.index)).toEqual({ customerCode: 0, month: 1, revenue: 2, voice: 3 });
    expect(map.issues).toEqual([]);
  });

  it('names missing required columns and duplicates', () => {
    const map = resolveHeader('customers', ['code', '客户编码', 'name']);
    expect(map.issues.map((i) => i.field)).toEqual(['code', 'industry', 'regionCode']);
  });

  it('has distinct aliases within each kind', () => {
    for (const kind of IMPORT_KINDS) {
      const names = IMPORT_COLUMNS[kind].flatMap((c) => [c.field, ...c.aliases].map((n) => n.toLowerCase()));
      expect(new Set(names).size, kind).toBe(names.length);
    }
  });

  it('writes templates whose header resolves to every column', () => {
    for (const kind of IMPORT_KINDS) {
      const header = templateCsv(kind).replace('\uFEFF', '').split('\r\n')[0]!.split(',');
      const map = resolveHeader(kind, header);
      expect(map.issues).toEqual([]);
      expect(map.index.size).toBe(IMPORT_COLUMNS[kind].length);
    }
  });
});
