/**
 * Streams the records of an import file, one `{ line, cells }` at a time, without holding the
 * file: CSV through csv-parse (UTF-8 with or without BOM, or GB18030/GBK when the bytes are not
 * UTF-8; comma, semicolon or tab separated) and XLSX through exceljs' streaming WorkbookReader
 * (first worksheet). The format is sniffed from the bytes (an XLSX file is a ZIP: `PK\x03\x04`).
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { DomainError } from '../../domain/errors.ts';

export type ImportFormat = 'csv' | 'xlsx';

/** One row of the file: its line (CSV line or worksheet row number, 1-based) and its cells as text. */
export type SourceRecord = { line: number; cells: string[] };

/** A problem with the file as a whole (unreadable, cut off); reported on its line. */
export class FileProblem extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

type Bytes = AsyncIterable<Buffer | Uint8Array | string>;

/** Default upper bound of an upload (the body is streamed, so this is about time, not memory). */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;

async function peek(
  source: Bytes,
  min: number,
  maxBytes: number,
): Promise<{ head: Buffer; rest: AsyncIterable<Buffer> }> {
  const it = source[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < min) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    const chunk = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value);
    chunks.push(chunk);
    size += chunk.length;
  }
  const head = Buffer.concat(chunks);
  async function* rest(): AsyncGenerator<Buffer> {
    let total = head.length;
    if (head.length > 0) yield head;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      const chunk = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value);
      total += chunk.length;
      if (total > maxBytes) {
        throw new DomainError('UNSUPPORTED_MEDIA', `The file is larger than ${maxBytes} bytes`, [
          { field: 'file', message: `at most ${maxBytes} bytes` },
        ]);
      }
      yield chunk;
    }
  }
  return { head, rest: rest() };
}

/** The encoding of a CSV file from its first bytes: a BOM, valid UTF-8, or else GB18030 (GBK). */
export function detectEncoding(head: Uint8Array): 'utf-8' | 'utf-16le' | 'gb18030' {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  try {
    // stream: true tolerates a character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

function detectDelimiter(firstLine: string): string {
  const count = (ch: string) => firstLine.split(ch).length - 1;
  const candidates = [',', ';', '\t'].map((d) => ({ d, n: count(d) }));
  candidates.sort((a, b) => b.n - a.n);
  return candidates[0]!.n > 0 ? candidates[0]!.d : ',';
}

async function* decode(bytes: AsyncIterable<Buffer>, encoding: string): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  for await (const chunk of bytes) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

async function* csvRecords(head: Buffer, rest: AsyncIterable<Buffer>): AsyncGenerator<SourceRecord> {
  const encoding = detectEncoding(head);
  const sample = new TextDecoder(encoding).decode(head.subarray(0, 64 * 1024));
  const firstLine = sample.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const parser = Readable.from(decode(rest, encoding)).pipe(
    parse({
      bom: true,
      delimiter: detectDelimiter(firstLine),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      info: true,
    }),
  );
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { line: item.info.lines, cells: item.record };
    }
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    throw new FileProblem(e.lines ?? 0, `the CSV cannot be read: ${e.message ?? String(err)}`);
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The text of an XLSX cell as a person sees it: numbers to 15 significant digits (Excel's own
 * display precision, so 0.1+0.2 stays 0.3), dates as YYYY-MM-DD, formulas by their result.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    const text = String(Number(value.toPrecision(15)));
    // 1e21-style output only for absurd magnitudes; leave it for the parser to refuse.
    return text;
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) {
    return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  }
  if (typeof value === 'object') {
    const v = value as {
      result?: unknown;
      richText?: { text: string }[];
      text?: unknown;
      error?: string;
      formula?: string;
      sharedFormula?: string;
    };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v || v.formula !== undefined || v.sharedFormula !== undefined) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (v.error !== undefined) return String(v.error);
  }
  return String(value);
}

async function* xlsxRecords(rest: AsyncIterable<Buffer>): AsyncGenerator<SourceRecord> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(rest), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  // exceljs names a worksheet from the workbook part (`xl/workbook.xml`) and fails on a file whose
  // workbook part comes after the worksheet with the shared strings before it — a valid order
  // that writers (exceljs among them, under load) produce. We read the first worksheet by position,
  // so its name is not needed: an empty model until the workbook part is read.
  Object.assign(reader, { model: { sheets: [] } });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<{ number: number; values: unknown }>) {
        const values = Array.isArray(row.values) ? row.values : [];
        // exceljs rows are 1-based: values[0] is always empty.
        yield { line: row.number, cells: values.slice(1).map(cellText) };
      }
      return; // only the first worksheet
    }
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new FileProblem(0, `the XLSX workbook cannot be read: ${(err as Error).message}`);
  }
}

/**
 * Opens an import file: sniffs the format (or refuses a ZIP that claims to be CSV) and returns
 * the record stream.
 *
 * @example
 * const { format, records } = await openRecords(fs.createReadStream('billing.csv'));
 * for await (const { line, cells } of records) …
 */
export async function openRecords(
  source: Bytes,
  maxBytes = MAX_IMPORT_BYTES,
): Promise<{ format: ImportFormat; records: AsyncIterable<SourceRecord> }> {
  const { head, rest } = await peek(source, 64 * 1024, maxBytes);
  if (head.length === 0) throw new FileProblem(1, 'the file is empty');
  const isZip = head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  return isZip
    ? { format: 'xlsx', records: xlsxRecords(rest) }
    : { format: 'csv', records: csvRecords(head, rest) };
}
