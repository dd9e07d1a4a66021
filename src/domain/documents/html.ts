/**
 * The HTML rendering of a `PrintableDocument` (PRODUCT.md §5 delivery pack, §6 operating report):
 * one self-contained page (inline CSS for A4 print, bars as inline SVG, no scripts, no external
 * resources) so it can be shown in an iframe, printed from the browser or saved as a file.
 * Every text is escaped; nothing from the document is ever interpreted as markup.
 */
import type { DocumentBlock, PrintableDocument } from './document.ts';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example escapeHtml('<a href="x">&</a>') // '&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;'
 */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Formats a bar value the same way in HTML and PDF: at most 3 decimals, trailing zeros dropped. */
export function formatBarValue(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return String(Math.round(value * 1000) / 1000);
}

/**
 * The scale of a bar chart: from `min` to `max`, chosen so that values and targets close to each
 * other (availability 99.9 vs 99.95 %) stay distinguishable — the axis starts a little below the
 * lowest value or target when all are high, else at 0.
 *
 * @example barScale([{ value: 99.9, target: 99.95 }]) // { min: 99.85, max: 100 }
 */
export function barScale(items: { value: number; target?: number }[]): { min: number; max: number } {
  const values = items.flatMap((i) => (i.target === undefined ? [i.value] : [i.value, i.target]));
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return { min: 0, max: 1 };
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const max = hi <= 100 && hi > 0 && lo >= 0 && hi >= 50 ? 100 : hi > 0 ? hi : 1;
  if (lo <= 0 || max <= 0) return { min: 0, max };
  const spread = max - lo;
  // All values in the top tenth of the axis: zoom so the differences show.
  if (spread < max * 0.1) {
    const pad = Math.max(spread * 0.5, max * 0.0005);
    const min = Math.max(0, Math.floor((lo - pad) * 10000) / 10000);
    return { min: min >= max ? 0 : min, max };
  }
  return { min: 0, max };
}

/** The fraction 0..1 of `value` on the scale, clamped. */
export function barFraction(value: number, scale: { min: number; max: number }): number {
  if (!Number.isFinite(value) || scale.max <= scale.min) return 0;
  return Math.min(1, Math.max(0, (value - scale.min) / (scale.max - scale.min)));
}

const CSS = `
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", sans-serif;
  color: #1f1f1f; font-size: 10.5pt; line-height: 1.6; margin: 0; background: #fff; }
.doc { max-width: 178mm; margin: 0 auto; padding: 8mm 0; }
header.doc-head { border-bottom: 2px solid #1f3a93; margin-bottom: 6mm; padding-bottom: 3mm; }
header.doc-head h1 { font-size: 18pt; margin: 0 0 1mm; }
header.doc-head .subtitle { font-size: 12pt; color: #444; margin: 0; }
header.doc-head .meta { font-size: 9pt; color: #666; margin-top: 2mm; display: flex; justify-content: space-between; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; color: #1f3a93; break-after: avoid; }
h3 { font-size: 11pt; margin: 4mm 0 1.5mm; break-after: avoid; }
h4 { font-size: 10.5pt; margin: 3mm 0 1mm; }
p { margin: 0 0 2.5mm; white-space: pre-wrap; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 4mm; font-size: 9.5pt; }
th, td { border: 1px solid #bfbfbf; padding: 1.2mm 2mm; vertical-align: top; text-align: left; word-break: break-word; }
th { background: #eef1f8; font-weight: 700; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
table.kv th { width: 32%; background: #f6f7fb; }
figure.bars { margin: 2mm 0 5mm; break-inside: avoid; }
figure.bars figcaption { font-weight: 700; margin-bottom: 1mm; }
figure.bars svg { width: 100%; height: auto; display: block; }
.signature { display: flex; flex-wrap: wrap; gap: 6mm 12mm; margin: 10mm 0 4mm; break-inside: avoid; }
.signature .line { min-width: 70mm; flex: 1; border-bottom: 1px solid #333; padding-top: 10mm; font-size: 9.5pt; }
.page-break { break-after: page; page-break-after: always; height: 0; }
.empty { color: #888; }
@media screen { body { background: #f5f5f5; } .doc { background: #fff; padding: 12mm 14mm; box-shadow: 0 1px 4px rgba(0,0,0,.12); margin: 6mm auto; } }
`;

function renderBars(block: Extract<DocumentBlock, { kind: 'bars' }>): string {
  const caption = `<figcaption>${escapeHtml(block.title)}${block.unit ? `（${escapeHtml(block.unit)}）` : ''}</figcaption>`;
  if (block.items.length === 0) {
    return `<figure class="bars">${caption}<p class="empty">—</p></figure>`;
  }
  const scale = barScale(block.items);
  const width = 640;
  const labelW = 180;
  const valueW = 90;
  const barW = width - labelW - valueW - 10;
  const rowH = 22;
  const height = block.items.length * rowH + 18;
  const rows = block.items.map((item, i) => {
    const y = i * rowH + 4;
    const w = Math.round(barFraction(item.value, scale) * barW * 10) / 10;
    const below = item.target !== undefined && item.value < item.target;
    const fill = below ? '#cf1322' : '#1f3a93';
    const target =
      item.target === undefined
        ? ''
        : (() => {
            const x = Math.round((labelW + barFraction(item.target, scale) * barW) * 10) / 10;
            return `<line x1="${x}" y1="${y - 2}" x2="${x}" y2="${y + 16}" stroke="#fa8c16" stroke-width="2"><title>${escapeHtml(
              `目标 ${formatBarValue(item.target)}`,
            )}</title></line>`;
          })();
    return (
      `<text x="${labelW - 6}" y="${y + 11}" text-anchor="end" font-size="11">${escapeHtml(item.label)}</text>` +
      `<rect x="${labelW}" y="${y}" width="${barW}" height="14" fill="#f0f0f0"/>` +
      `<rect x="${labelW}" y="${y}" width="${w}" height="14" fill="${fill}"><title>${escapeHtml(
        `${item.label}: ${formatBarValue(item.value)}`,
      )}</title></rect>` +
      target +
      `<text x="${labelW + barW + 6}" y="${y + 11}" font-size="11">${escapeHtml(formatBarValue(item.value))}</text>`
    );
  });
  const axis =
    `<text x="${labelW}" y="${height - 2}" font-size="9" fill="#888">${escapeHtml(formatBarValue(scale.min))}</text>` +
    `<text x="${labelW + barW}" y="${height - 2}" font-size="9" fill="#888" text-anchor="end">${escapeHtml(
      formatBarValue(scale.max),
    )}</text>`;
  const hasTarget = block.items.some((i) => i.target !== undefined);
  const legend = hasTarget
    ? `<text x="${width - 4}" y="${height - 2}" font-size="9" fill="#fa8c16" text-anchor="end">│ 目标</text>`
    : '';
  return `${`<figure class="bars">${caption}<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(block.title)}">`}${rows.join('')}${axis}${legend}</svg></figure>`;
}

function renderBlock(block: DocumentBlock): string {
  switch (block.kind) {
    case 'heading': {
      const tag = `h${(block.level ?? 1) + 1}`;
      return `<${tag}>${escapeHtml(block.text)}</${tag}>`;
    }
    case 'paragraph':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'keyValues':
      return `<table class="kv"><tbody>${block.rows
        .map((r) => `<tr><th>${escapeHtml(r.label)}</th><td>${escapeHtml(r.value)}</td></tr>`)
        .join('')}</tbody></table>`;
    case 'table': {
      const cls = (i: number) => (block.align?.[i] === 'right' ? ' class="num"' : '');
      const head = `<thead><tr>${block.columns.map((c, i) => `<th${cls(i)}>${escapeHtml(c)}</th>`).join('')}</tr></thead>`;
      const body =
        block.rows.length === 0
          ? `<tr><td class="empty" colspan="${Math.max(1, block.columns.length)}">—</td></tr>`
          : block.rows
              .map(
                (r) =>
                  `<tr>${block.columns.map((_, i) => `<td${cls(i)}>${escapeHtml(r[i] ?? '')}</td>`).join('')}</tr>`,
              )
              .join('');
      return `<table>${head}<tbody>${body}</tbody></table>`;
    }
    case 'bars':
      return renderBars(block);
    case 'signature':
      return `<div class="signature">${block.lines.map((l) => `<div class="line">${escapeHtml(l)}</div>`).join('')}</div>`;
    case 'pageBreak':
      return '<div class="page-break"></div>';
  }
}

/**
 * Renders a printable document as a complete, self-contained HTML page (A4 print CSS, inline SVG
 * bars, `lang` from the document). Pure: the same document always gives the same string.
 *
 * @example
 * renderDocumentHtml({ title: '交付函', issuer: '政企客户部', issuedOn: '2026-05-06', lang: 'zh-CN',
 *   blocks: [{ kind: 'paragraph', text: '尊敬的客户：' }] }) // '<!doctype html><html lang="zh-CN">…'
 */
export function renderDocumentHtml(doc: PrintableDocument): string {
  const issuedLabel = doc.lang === 'en' ? 'Issued: ' : '日期：';
  const head =
    `<header class="doc-head"><h1>${escapeHtml(doc.title)}</h1>` +
    (doc.subtitle ? `<p class="subtitle">${escapeHtml(doc.subtitle)}</p>` : '') +
    `<div class="meta"><span>${escapeHtml(doc.issuer)}</span><span>${issuedLabel}${escapeHtml(doc.issuedOn)}</span></div></header>`;
  return (
    `<!doctype html><html lang="${escapeHtml(doc.lang)}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(doc.title)}</title><style>${CSS}</style></head>` +
    `<body><main class="doc">${head}${doc.blocks.map(renderBlock).join('\n')}</main></body></html>`
  );
}
