import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { FileProblem, openRecords } from './imports.reader.ts';

async function readAll(bytes: Buffer): Promise<string[]> {
  const { records } = await openRecords(Readable.from([bytes]));
  const rows: string[] = [];
  for await (const r of records) rows.push(r.cells.join('|'));
  return rows;
}

async function billingWorkbook(): Promise<JSZip> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('账单');
  ws.addRow(['客户编码', '月份', '出账收入(元)']);
  ws.addRow(['T003', new Date(Date.UTC(2026, 9, 1)), 88000.5]);
  ws.getCell('B2').numFmt = 'yyyy-mm';
  return JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
}

/** The same parts stored in `order` (the rest first, as found). */
async function reorder(
  zip: JSZip,
  order: string[],
  options: JSZip.JSZipGeneratorOptions = {},
): Promise<Buffer> {
  const out = new JSZip();
  const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
  for (const name of [...names.filter((n) => !order.includes(n)), ...order]) {
    out.file(name, await zip.files[name]!.async('uint8array'));
  }
  return out.generateAsync({ compression: 'DEFLATE', ...options, type: 'nodebuffer' });
}

function* permutations<T>(items: T[]): Generator<T[]> {
  if (items.length <= 1) {
    yield items;
    return;
  }
  for (const [i, head] of items.entries()) {
    for (const tail of permutations([...items.slice(0, i), ...items.slice(i + 1)])) yield [head, ...tail];
  }
}

const expected = ['客户编码|月份|出账收入(元)', 'T003|2026-10-01|88000.5'];

describe('XLSX reading', () => {
  it('reads the same rows whatever the order of the parts in the file (all 720 orders of the six that matter)', async () => {
    // exceljs's streaming reader alone got 441 of these orders wrong: text cells as objects,
    // dates as serial numbers, or "Cannot read properties of undefined".
    const zip = await billingWorkbook();
    const parts = [
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/workbook.xml',
      'xl/sharedStrings.xml',
      'xl/styles.xml',
      'xl/worksheets/sheet1.xml',
    ];
    const wrong: string[] = [];
    for (const order of permutations(parts)) {
      const rows = await readAll(await reorder(zip, order, { compression: 'STORE' })).catch((e: Error) => [
        e.message,
      ]);
      if (rows.join('/') !== expected.join('/')) wrong.push(`${order.join(',')} → ${rows.join('/')}`);
    }
    expect(wrong).toEqual([]);
  }, 60_000);

  it('reads a workbook without shared strings (text stored in the cells)', async () => {
    const zip = await billingWorkbook();
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    const strings = (await zip.file('xl/sharedStrings.xml')!.async('string')).match(/<t[^>]*>[^<]*<\/t>/g)!;
    const inline = sheet.replace(
      /<c ([^>]*)t="s"([^>]*)><v>(\d+)<\/v><\/c>/g,
      (_, a: string, b: string, i: string) => `<c ${a}t="inlineStr"${b}><is>${strings[Number(i)]}</is></c>`,
    );
    expect(inline).not.toEqual(sheet);
    zip.file('xl/worksheets/sheet1.xml', inline);
    zip.remove('xl/sharedStrings.xml');
    expect(await readAll(await reorder(zip, []))).toEqual(expected);
  });

  it('reads parts whose sizes follow their data (data descriptors, as streaming writers store them)', async () => {
    const zip = await billingWorkbook();
    const buffer = await reorder(
      zip,
      ['xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml', 'xl/workbook.xml'],
      {
        streamFiles: true,
      },
    );
    expect(await readAll(buffer)).toEqual(expected);
  });

  it('reads the first worksheet in tab order, not in file order', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['这是说明页']);
    wb.addWorksheet('账单').addRows([['客户编码'], ['T001']]);
    const zip = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
    // Move the second tab (sheet2.xml) in front, as Excel does when a user drags it.
    const workbook = await zip.file('xl/workbook.xml')!.async('string');
    const tabs = workbook.match(/<sheet [^>]*\/>/g)!;
    expect(tabs).toHaveLength(2);
    zip.file('xl/workbook.xml', workbook.replace(tabs.join(''), [tabs[1], tabs[0]].join('')));
    expect(await readAll(await reorder(zip, []))).toEqual(['客户编码', 'T001']);
    // relations naming their parts by absolute path, as some writers do
    const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
    zip.file('xl/_rels/workbook.xml.rels', rels.replaceAll('Target="worksheets/', 'Target="/xl/worksheets/'));
    expect(await readAll(await reorder(zip, []))).toEqual(['客户编码', 'T001']);
    // a workbook that does not say which tab is first: the first sheet by number
    zip.remove('xl/_rels/workbook.xml.rels');
    expect(await readAll(await reorder(zip, []))).toEqual(['这是说明页']);
  });

  it('refuses a ZIP that is not a workbook, and a cut-off one, as a file problem', async () => {
    const notWorkbook = new JSZip();
    notWorkbook.file('readme.txt', 'hello');
    await expect(readAll(await notWorkbook.generateAsync({ type: 'nodebuffer' }))).rejects.toThrow(
      'the XLSX workbook has no worksheet',
    );

    const whole = await reorder(await billingWorkbook(), []);
    const cut = whole.subarray(0, Math.floor(whole.length / 2));
    const err = await readAll(cut).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileProblem);
    expect((err as FileProblem).message).toMatch(/^the XLSX workbook cannot be read/);
  });

  it('refuses a workbook whose parts cannot be inflated as a file problem, not a crash', async () => {
    const zip = await billingWorkbook();
    const buffer = await reorder(zip, [], { compression: 'DEFLATE' });
    // spoil the compressed bytes of every part after the first local header
    const spoiled = Buffer.from(buffer);
    for (let i = 200; i < spoiled.length - 400; i += 7) spoiled[i] = spoiled[i]! ^ 0xff;
    const err = await readAll(spoiled).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileProblem);
  });

  it('removes its temporary copy when the reading ends, also when the reader stops early', async () => {
    const before = (await readdir(tmpdir())).filter((n) => n.startsWith('tierline-xlsx-'));
    const buffer = await reorder(await billingWorkbook(), []);
    await readAll(buffer);
    const { records } = await openRecords(Readable.from([buffer]));
    for await (const _ of records) break;
    const after = (await readdir(tmpdir())).filter((n) => n.startsWith('tierline-xlsx-'));
    expect(after.filter((n) => !before.includes(n))).toEqual([]);
  });
});
