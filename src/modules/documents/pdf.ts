/**
 * The PDF rendering of a `PrintableDocument` (same model as `renderDocumentHtml`): A4, pdfkit with
 * the Noto Sans SC fonts embedded (subset), headings, paragraphs, key-value rows, tables that wrap
 * their cells and repeat the header across page breaks, availability bars with a target mark,
 * signature lines and "第 n / N 页" page numbers.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { DocumentBlock, PrintableDocument } from '../../domain/documents/document.ts';
import { barFraction, barScale, formatBarValue } from '../../domain/documents/html.ts';

const require = createRequire(import.meta.url);

type Fonts = { regular: Buffer; bold: Buffer };
let fonts: Fonts | null = null;

/** The two TTFs, read once per process (≈10 MB each; pdfkit embeds only the glyphs used). */
function loadFonts(): Fonts {
  if (!fonts) {
    fonts = {
      regular: readFileSync(
        require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
      ),
      bold: readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf')),
    };
  }
  return fonts;
}

const MARGIN = { top: 56, bottom: 60, left: 50, right: 50 };
const COLOR = {
  text: '#1f1f1f',
  accent: '#1f3a93',
  muted: '#666666',
  rule: '#bfbfbf',
  head: '#eef1f8',
  bad: '#cf1322',
  target: '#fa8c16',
};

type Pdf = PDFKit.PDFDocument;

function contentWidth(pdf: Pdf): number {
  return pdf.page.width - MARGIN.left - MARGIN.right;
}

function bottomLimit(pdf: Pdf): number {
  return pdf.page.height - MARGIN.bottom;
}

/** Starts a new page when `height` more points would not fit on this one. */
function ensureRoom(pdf: Pdf, height: number): void {
  if (pdf.y + height > bottomLimit(pdf)) {
    pdf.addPage();
    pdf.x = MARGIN.left;
    pdf.y = MARGIN.top;
  }
}

function drawHeader(pdf: Pdf, doc: PrintableDocument): void {
  const width = contentWidth(pdf);
  pdf.font('bold').fontSize(18).fillColor(COLOR.text).text(doc.title, MARGIN.left, pdf.y, { width });
  if (doc.subtitle) pdf.font('regular').fontSize(12).fillColor('#444444').text(doc.subtitle, { width });
  pdf.moveDown(0.3);
  const y = pdf.y;
  pdf.font('regular').fontSize(9).fillColor(COLOR.muted);
  pdf.text(doc.issuer, MARGIN.left, y, { width: width * 0.65 });
  const label = doc.lang === 'en' ? 'Issued: ' : '日期：';
  pdf.text(`${label}${doc.issuedOn}`, MARGIN.left + width * 0.65, y, { width: width * 0.35, align: 'right' });
  pdf.y = Math.max(pdf.y, y + 12) + 4;
  pdf
    .moveTo(MARGIN.left, pdf.y)
    .lineTo(MARGIN.left + width, pdf.y)
    .lineWidth(1.5)
    .strokeColor(COLOR.accent)
    .stroke();
  pdf.y += 14;
  pdf.x = MARGIN.left;
}

function drawHeading(pdf: Pdf, block: Extract<DocumentBlock, { kind: 'heading' }>): void {
  const level = block.level ?? 1;
  const size = level === 1 ? 13 : level === 2 ? 11.5 : 10.5;
  pdf.font('bold').fontSize(size);
  const h = pdf.heightOfString(block.text, { width: contentWidth(pdf) });
  // Keep a heading with at least a few lines of what follows.
  ensureRoom(pdf, h + 40);
  pdf.y += level === 1 ? 8 : 4;
  pdf
    .fillColor(level === 1 ? COLOR.accent : COLOR.text)
    .text(block.text, MARGIN.left, pdf.y, { width: contentWidth(pdf) });
  pdf.y += 4;
}

function drawParagraph(pdf: Pdf, text: string): void {
  pdf.font('regular').fontSize(10.5).fillColor(COLOR.text);
  const width = contentWidth(pdf);
  // pdfkit flows long text onto new pages by itself; only avoid starting on the last line.
  ensureRoom(pdf, 16);
  pdf.text(text, MARGIN.left, pdf.y, { width, lineGap: 2 });
  pdf.y += 6;
}

type Cell = { text: string; bold?: boolean; fill?: string; align?: 'left' | 'right' };

/** Draws one row of cells at the current y (starting a new page first if it does not fit). */
function drawRow(pdf: Pdf, cells: Cell[], widths: number[], size: number, onNewPage?: () => void): void {
  const pad = 4;
  const heights = cells.map((c, i) => {
    pdf.font(c.bold ? 'bold' : 'regular').fontSize(size);
    return pdf.heightOfString(c.text || ' ', { width: (widths[i] ?? 40) - pad * 2 });
  });
  const rowH = Math.max(...heights, size) + pad * 2;
  if (pdf.y + rowH > bottomLimit(pdf)) {
    pdf.addPage();
    pdf.x = MARGIN.left;
    pdf.y = MARGIN.top;
    onNewPage?.();
  }
  const y = pdf.y;
  let x = MARGIN.left;
  cells.forEach((c, i) => {
    const w = widths[i] ?? 40;
    if (c.fill) pdf.rect(x, y, w, rowH).fill(c.fill);
    pdf.rect(x, y, w, rowH).lineWidth(0.5).strokeColor(COLOR.rule).stroke();
    pdf
      .font(c.bold ? 'bold' : 'regular')
      .fontSize(size)
      .fillColor(COLOR.text)
      .text(c.text, x + pad, y + pad, { width: w - pad * 2, align: c.align ?? 'left' });
    x += w;
  });
  pdf.x = MARGIN.left;
  pdf.y = y + rowH;
}

/**
 * Column widths from the content (CJK counted as two units, headers as half since they may wrap):
 * short columns — numbers, dates, amounts, codes up to 16 units — get the width their longest cell
 * needs so they never break; the long ones share what is left in proportion to their text. When
 * the short ones alone do not fit, every column is proportional.
 */
export function columnWidths(columns: string[], rows: string[][], total: number): number[] {
  const UNIT = 4.9; // points per unit at the 9 pt table font
  const PAD = 10;
  const SHORT = 16;
  const measure = (s: string) => [...s].reduce((n, ch) => n + ((ch.codePointAt(0) ?? 0) > 0x2e80 ? 2 : 1), 0);
  const need = columns.map((c, i) =>
    Math.max(3, Math.ceil(measure(c) / 2), ...rows.map((r) => measure(r[i] ?? ''))),
  );
  const proportional = () => {
    const want = need.map((n) => Math.min(40, n));
    const sum = want.reduce((a, b) => a + b, 0) || 1;
    return want.map((w) => (w / sum) * total);
  };
  const fixed = need.map((n) => (n <= SHORT ? n * UNIT + PAD : null));
  const fixedSum = fixed.reduce<number>((a, w) => a + (w ?? 0), 0);
  const flexNeed = need.map((n, i) => (fixed[i] === null ? Math.min(40, n) : 0));
  const flexSum = flexNeed.reduce((a, b) => a + b, 0);
  if (fixedSum > total || (flexSum > 0 && total - fixedSum < flexNeed.filter((n) => n > 0).length * 40)) {
    return proportional();
  }
  if (flexSum === 0) return fixed.map((w) => ((w ?? 0) / fixedSum) * total); // all short: spread
  return need.map((_, i) => fixed[i] ?? (flexNeed[i]! / flexSum) * (total - fixedSum));
}

function drawTable(pdf: Pdf, block: Extract<DocumentBlock, { kind: 'table' }>): void {
  const widths = columnWidths(block.columns, block.rows, contentWidth(pdf));
  const size = 9;
  const header = () =>
    drawRow(
      pdf,
      block.columns.map((c, i) => ({
        text: c,
        bold: true,
        fill: COLOR.head,
        align: block.align?.[i] ?? 'left',
      })),
      widths,
      size,
    );
  ensureRoom(pdf, 40);
  header();
  if (block.rows.length === 0) {
    drawRow(pdf, [{ text: '—' }], [contentWidth(pdf)], size);
  }
  for (const row of block.rows) {
    drawRow(
      pdf,
      block.columns.map((_, i) => ({ text: row[i] ?? '', align: block.align?.[i] ?? 'left' })),
      widths,
      size,
      header,
    );
  }
  pdf.y += 8;
}

function drawKeyValues(pdf: Pdf, block: Extract<DocumentBlock, { kind: 'keyValues' }>): void {
  const total = contentWidth(pdf);
  const widths = [total * 0.32, total * 0.68];
  for (const r of block.rows) {
    drawRow(pdf, [{ text: r.label, bold: true, fill: '#f6f7fb' }, { text: r.value }], widths, 9.5);
  }
  pdf.y += 8;
}

function drawBars(pdf: Pdf, block: Extract<DocumentBlock, { kind: 'bars' }>): void {
  const width = contentWidth(pdf);
  const title = block.unit ? `${block.title}（${block.unit}）` : block.title;
  ensureRoom(pdf, 40);
  pdf.font('bold').fontSize(10).fillColor(COLOR.text).text(title, MARGIN.left, pdf.y, { width });
  pdf.y += 4;
  if (block.items.length === 0) {
    pdf.font('regular').fontSize(9.5).fillColor(COLOR.muted).text('—', MARGIN.left, pdf.y);
    pdf.y += 8;
    return;
  }
  const scale = barScale(block.items);
  const labelW = width * 0.3;
  const valueW = 60;
  const barW = width - labelW - valueW - 8;
  const rowH = 16;
  for (const item of block.items) {
    ensureRoom(pdf, rowH + 2);
    const y = pdf.y;
    pdf
      .font('regular')
      .fontSize(8.5)
      .fillColor(COLOR.text)
      .text(item.label, MARGIN.left, y + 1, {
        width: labelW - 6,
        align: 'right',
        height: rowH,
        ellipsis: true,
        lineBreak: false,
      });
    const x0 = MARGIN.left + labelW;
    pdf.rect(x0, y, barW, 11).fill('#f0f0f0');
    const w = barFraction(item.value, scale) * barW;
    const below = item.target !== undefined && item.value < item.target;
    if (w > 0) pdf.rect(x0, y, w, 11).fill(below ? COLOR.bad : COLOR.accent);
    if (item.target !== undefined) {
      const tx = x0 + barFraction(item.target, scale) * barW;
      pdf
        .moveTo(tx, y - 2)
        .lineTo(tx, y + 13)
        .lineWidth(1.5)
        .strokeColor(COLOR.target)
        .stroke();
    }
    pdf
      .font('regular')
      .fontSize(8.5)
      .fillColor(COLOR.text)
      .text(formatBarValue(item.value), x0 + barW + 6, y + 1, { width: valueW, lineBreak: false });
    pdf.y = y + rowH;
  }
  pdf.font('regular').fontSize(7.5).fillColor(COLOR.muted);
  const axisY = pdf.y;
  pdf.text(formatBarValue(scale.min), MARGIN.left + labelW, axisY, { width: 60, lineBreak: false });
  pdf.text(formatBarValue(scale.max), MARGIN.left + labelW + barW - 60, axisY, {
    width: 60,
    align: 'right',
    lineBreak: false,
  });
  if (block.items.some((i) => i.target !== undefined)) {
    pdf
      .fillColor(COLOR.target)
      .text('| 目标', MARGIN.left + labelW + barW + 6, axisY, { width: valueW, lineBreak: false });
  }
  pdf.x = MARGIN.left;
  pdf.y = axisY + 16;
}

function drawSignature(pdf: Pdf, lines: string[]): void {
  const width = contentWidth(pdf);
  const colW = (width - 30) / 2;
  ensureRoom(pdf, Math.ceil(lines.length / 2) * 44 + 10);
  pdf.y += 10;
  for (let i = 0; i < lines.length; i += 2) {
    const y = pdf.y + 26;
    for (let j = 0; j < 2 && i + j < lines.length; j++) {
      const x = MARGIN.left + j * (colW + 30);
      pdf
        .moveTo(x, y)
        .lineTo(x + colW, y)
        .lineWidth(0.8)
        .strokeColor('#333333')
        .stroke();
      pdf
        .font('regular')
        .fontSize(9.5)
        .fillColor(COLOR.text)
        .text(lines[i + j] ?? '', x, y + 3, { width: colW, lineBreak: false });
    }
    pdf.y = y + 18;
  }
  pdf.x = MARGIN.left;
  pdf.y += 6;
}

function drawBlock(pdf: Pdf, block: DocumentBlock): void {
  switch (block.kind) {
    case 'heading':
      drawHeading(pdf, block);
      break;
    case 'paragraph':
      drawParagraph(pdf, block.text);
      break;
    case 'keyValues':
      drawKeyValues(pdf, block);
      break;
    case 'table':
      drawTable(pdf, block);
      break;
    case 'bars':
      drawBars(pdf, block);
      break;
    case 'signature':
      drawSignature(pdf, block.lines);
      break;
    case 'pageBreak':
      pdf.addPage();
      pdf.x = MARGIN.left;
      pdf.y = MARGIN.top;
      break;
  }
}

/** Writes "第 n / N 页" (or "Page n / N") in the bottom margin of every page. */
function numberPages(pdf: Pdf, doc: PrintableDocument): void {
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const n = i - range.start + 1;
    const label = doc.lang === 'en' ? `Page ${n} / ${range.count}` : `第 ${n} / ${range.count} 页`;
    // Writing inside the bottom margin would make pdfkit add a page: lift the margin meanwhile.
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf
      .font('regular')
      .fontSize(8)
      .fillColor(COLOR.muted)
      .text(label, MARGIN.left, pdf.page.height - MARGIN.bottom + 24, {
        width: contentWidth(pdf),
        align: 'center',
        lineBreak: false,
      });
    pdf.page.margins.bottom = bottom;
  }
}

/**
 * Renders a printable document to a PDF (A4, Noto Sans SC embedded).
 *
 * @example const pdf = await renderDocumentPdf(doc); // Buffer starting with '%PDF-'
 */
export function renderDocumentPdf(doc: PrintableDocument): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const issued = new Date(`${doc.issuedOn}T00:00:00+08:00`);
  const pdf = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    lang: doc.lang,
    displayTitle: true,
    info: {
      Title: doc.title,
      Author: doc.issuer,
      Subject: doc.subtitle ?? doc.title,
      Creator: 'Tierline',
      ...(Number.isNaN(issued.getTime()) ? {} : { CreationDate: issued }),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  try {
    pdf.registerFont('regular', regular);
    pdf.registerFont('bold', bold);
    pdf.font('regular');
    drawHeader(pdf, doc);
    for (const block of doc.blocks) drawBlock(pdf, block);
    numberPages(pdf, doc);
    pdf.end();
  } catch (err) {
    return Promise.reject(err);
  }
  return done;
}
