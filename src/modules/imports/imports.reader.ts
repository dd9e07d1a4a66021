/**
 * Streams the records of an import file, one `{ line, cells }` at a time, without holding the
 * file: CSV through csv-parse (UTF-8 with or without BOM, or GB18030/GBK when the bytes are not
 * UTF-8; comma, semicolon or tab separated) and XLSX through exceljs' streaming WorkbookReader
 * (first worksheet), fed its parts in the order it needs (see `xlsxRecords`). The format is
 * sniffed from the bytes (an XLSX file is a ZIP: `PK\x03\x04`).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import unzipper from 'unzipper';
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

/**
 * Where a workbook part goes in the stream handed to exceljs. Its streaming reader reads the
 * parts in file order and gets a worksheet right only when the relations, the workbook part,
 * the shared strings and the styles came before it: otherwise text cells come out as
 * `{ sharedString: n }`, dates as serial numbers, or the read fails. Writers (exceljs itself,
 * under load) store the parts in any order, so we restore this one. The worksheets come last, the
 * first tab first (`firstTab`), the others by number.
 */
function partRank(path: string, firstTab: string | null): [number, number] {
  if (path === '[Content_Types].xml') return [0, 0];
  if (path === '_rels/.rels' || path === 'xl/_rels/workbook.xml.rels') return [1, 0];
  if (path === 'xl/workbook.xml') return [2, 0];
  if (path === 'xl/sharedStrings.xml') return [3, 0];
  if (path === 'xl/styles.xml') return [4, 0];
  const sheet = WORKSHEET.exec(path);
  if (sheet) return [6, path === firstTab ? 0 : Number(sheet[1])];
  return [5, 0]; // theme, document properties, a worksheet's relations
}

const WORKSHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/** The value of attribute `name` (any namespace prefix when `prefixed`) in one XML start tag. */
function attribute(tag: string, name: string, prefixed = false): string | undefined {
  const pattern = new RegExp(`\\s${prefixed ? '[\\w.-]+:' : ''}${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
  const m = pattern.exec(tag);
  return m ? (m[1] ?? m[2]) : undefined;
}

/**
 * The part of the first worksheet in tab order (`xl/workbook.xml` lists the tabs, its relations
 * name each one's part; a chart sheet is passed over), or null when the workbook does not say.
 * A user who moved a tab in Excel expects that tab, not the oldest sheet file. The two parts are
 * inflated in memory, so one claiming more than `TAB_PARTS_MAX_BYTES` is not read (and one that
 * cannot be inflated says nothing: exceljs will refuse the file with its own reason).
 */
async function firstTabOf(directory: unzipper.CentralDirectory): Promise<string | null> {
  const part = (path: string) => directory.files.find((f) => f.path === path);
  const workbook = part('xl/workbook.xml');
  const rels = part('xl/_rels/workbook.xml.rels');
  if (!workbook || !rels) return null;
  if (workbook.uncompressedSize > TAB_PARTS_MAX_BYTES || rels.uncompressedSize > TAB_PARTS_MAX_BYTES)
    return null;
  try {
    return firstWorksheetTab(
      (await workbook.buffer()).toString('utf8'),
      (await rels.buffer()).toString('utf8'),
    );
  } catch {
    return null;
  }
}

/** Far above any real workbook's list of tabs (a few hundred bytes per sheet). */
const TAB_PARTS_MAX_BYTES = 4 * 1024 * 1024;

/** The part of the first worksheet among the tabs of `workbookXml`, resolved by `relsXml`. */
function firstWorksheetTab(workbookXml: string, relsXml: string): string | null {
  const targets = new Map<string, string>();
  for (const [tag] of relsXml.matchAll(/<(?:[\w.-]+:)?Relationship\b[^>]*>/g)) {
    const id = attribute(tag, 'Id');
    const target = attribute(tag, 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  for (const [tag] of workbookXml.matchAll(/<(?:[\w.-]+:)?sheet\b[^>]*>/g)) {
    const target = targets.get(attribute(tag, 'id', true) ?? '');
    if (target && WORKSHEET.test(target)) return target;
  }
  return null;
}

type Span = { path: string; start: number; end: number };

/**
 * The byte span of every part of the ZIP at `file` (local header, data and data descriptor, as
 * stored: nothing is inflated but the two small parts naming the first tab), in the order
 * `partRank` gives. Offsets come from the central directory, so the spans are exact whatever the
 * file order.
 */
async function partSpans(file: string): Promise<Span[]> {
  let directory: unzipper.CentralDirectory;
  try {
    directory = await unzipper.Open.file(file);
  } catch (err) {
    throw new FileProblem(0, `the XLSX workbook cannot be read: ${(err as Error).message}`);
  }
  const byOffset = [...directory.files].sort((a, b) => a.offsetToLocalFileHeader - b.offsetToLocalFileHeader);
  const spans: Span[] = [];
  for (const [i, entry] of byOffset.entries()) {
    const start = entry.offsetToLocalFileHeader;
    const end = byOffset[i + 1]?.offsetToLocalFileHeader ?? directory.offsetToStartOfCentralDirectory;
    if (!(end > start)) {
      throw new FileProblem(0, `the XLSX workbook cannot be read: part ${entry.path} has no bytes`);
    }
    spans.push({ path: entry.path, start, end });
  }
  const firstTab = await firstTabOf(directory);
  spans.sort((a, b) => {
    const [ra, na] = partRank(a.path, firstTab);
    const [rb, nb] = partRank(b.path, firstTab);
    return ra - rb || na - nb || a.start - b.start;
  });
  // The central directory ends the stream: the streaming parser stops at its signature.
  const { size } = await stat(file);
  spans.push({ path: '(central directory)', start: directory.offsetToStartOfCentralDirectory, end: size });
  return spans;
}

async function* concatSpans(file: string, spans: Span[]): AsyncGenerator<Buffer> {
  for (const span of spans) yield* createReadStream(file, { start: span.start, end: span.end - 1 });
}

/**
 * The rows of the workbook's first worksheet (first in tab order). The upload is spooled to a
 * temporary file (the ZIP's directory is at its end), then its parts are streamed to exceljs in
 * the order it needs; the rows stream out, the file is removed when the reading ends.
 */
async function* xlsxRecords(rest: AsyncIterable<Buffer>): AsyncGenerator<SourceRecord> {
  const dir = await mkdtemp(join(tmpdir(), 'tierline-xlsx-'));
  let source: Readable | null = null;
  try {
    const file = join(dir, 'upload.xlsx');
    await pipeline(Readable.from(rest), createWriteStream(file));
    try {
      source = Readable.from(concatSpans(file, await partSpans(file)));
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
        sharedStrings: 'cache',
        styles: 'cache',
        hyperlinks: 'ignore',
        worksheets: 'emit',
        entries: 'emit',
      });
      for await (const sheet of reader) {
        for await (const row of sheet as AsyncIterable<{ number: number; values: unknown }>) {
          const values = Array.isArray(row.values) ? row.values : [];
          // exceljs rows are 1-based: values[0] is always empty.
          yield { line: row.number, cells: values.slice(1).map(cellText) };
        }
        return; // only the first worksheet (the first tab: it comes first)
      }
      throw new FileProblem(0, 'the XLSX workbook has no worksheet');
    } catch (err) {
      if (err instanceof DomainError || err instanceof FileProblem) throw err;
      throw new FileProblem(0, `the XLSX workbook cannot be read: ${(err as Error).message}`);
    }
  } finally {
    // Reading stops after the first worksheet while the stream may be reading ahead: close it,
    // and let it finish closing, before its file goes (else it opens the next part of a removed file).
    if (source) {
      source.destroy();
      await finished(source).catch(() => undefined);
    }
    await rm(dir, { recursive: true, force: true });
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
