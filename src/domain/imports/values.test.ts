import { describe, expect, it } from 'vitest';
import { parseBoolean, parseDay, parseInteger, parseMonth, parseNumber, parseYuanToFen } from './values.ts';

describe('parseYuanToFen', () => {
  it.each([
    ['1234.56', 123456],
    ['0.1', 10],
    ['0.07', 7],
    ['1,234,567.89', 123456789],
    ['¥ 20000', 2000000],
    ['3000000.00', 300000000],
    ['1.10', 110],
    ['1.500', 150],
    ['0', 0],
    // 0.29 * 100 is 28.999999999999996 in floating point: parsed from text it stays exact.
    ['0.29', 29],
    ['1234567.29', 123456729],
  ])('%s yuan → %i fen', (text, fen) => {
    expect(parseYuanToFen(text)).toEqual({ ok: true, value: fen });
  });

  it.each([
    ['-1', 'must not be negative'],
    ['1.234', 'at most 2 decimals (yuan.fen)'],
    ['abc', "not an amount in yuan: 'abc'"],
    ['', 'empty'],
    ['1e5', "not an amount in yuan: '1e5'"],
    ['999999999999', 'amount too large'],
  ])('%s is refused: %s', (text, reason) => {
    expect(parseYuanToFen(text)).toEqual({ ok: false, reason });
  });
});

describe('parseMonth', () => {
  it.each([
    ['2026-03', '2026-03-01'],
    ['2026-3', '2026-03-01'],
    ['2026-03-01', '2026-03-01'],
    ['202603', '2026-03-01'],
    ['2026/3', '2026-03-01'],
    ['2026年3月', '2026-03-01'],
  ])('%s → %s', (text, month) => expect(parseMonth(text)).toEqual({ ok: true, value: month }));

  it.each(['2026-13', '2026-03-15', 'March', '26-03', '2026-00'])('%s is refused', (text) => {
    expect(parseMonth(text).ok).toBe(false);
  });
});

describe('other cells', () => {
  it('parses days that exist', () => {
    expect(parseDay('2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseDay('2023/2/29')).toEqual({ ok: false, reason: 'no such day: 2023-02-29' });
  });
  it('parses yes/no in both languages', () => {
    expect(parseBoolean('是')).toEqual({ ok: true, value: true });
    expect(parseBoolean('FALSE')).toEqual({ ok: true, value: false });
    expect(parseBoolean('maybe').ok).toBe(false);
  });
  it('parses integers and numbers with ranges', () => {
    expect(parseInteger('1,200', 0, 5000)).toEqual({ ok: true, value: 1200 });
    expect(parseInteger('-1', 0, 5)).toEqual({ ok: false, reason: 'must not be negative' });
    expect(parseInteger('2.5', 0, 5).ok).toBe(false);
    expect(parseNumber('65%', 0, 1, true)).toEqual({ ok: true, value: 0.65 });
    expect(parseNumber('1.2', 0, 1)).toEqual({ ok: false, reason: 'must be at most 1' });
  });
});
