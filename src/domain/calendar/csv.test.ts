import { describe, expect, it } from 'vitest';
import { splitCsv } from './csv.ts';

describe('splitCsv', () => {
  it.each([
    ['a,b,c', [{ line: 1, fields: ['a', 'b', 'c'] }]],
    ['a,b,c\n', [{ line: 1, fields: ['a', 'b', 'c'] }]],
    [
      '\uFEFFa,b\r\nc,d\r\n',
      [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['c', 'd'] },
      ],
    ],
    ['a,"b,c","d ""e"""', [{ line: 1, fields: ['a', 'b,c', 'd "e"'] }]],
    [
      '"a\nb",c\nd,e',
      [
        { line: 1, fields: ['a\nb', 'c'] },
        { line: 3, fields: ['d', 'e'] },
      ],
    ],
    [
      'a\n\n  \nb',
      [
        { line: 1, fields: ['a'] },
        { line: 4, fields: ['b'] },
      ],
    ],
    ['a,,\n', [{ line: 1, fields: ['a', '', ''] }]],
    ['""', [{ line: 1, fields: [''] }]],
    ['', []],
  ])('%j', (text, records) => {
    expect(splitCsv(text)).toEqual({ records, unterminatedAt: null });
  });

  it('reports an unterminated quote with the line it opened on', () => {
    expect(splitCsv('a,b\nc,"d\n').unterminatedAt).toBe(2);
  });
});
