/**
 * Printable documents (delivery packs, operating reports): a small structured model that one
 * renderer turns into HTML (`renderDocumentHtml`, pure) and another into PDF
 * (`src/modules/documents/pdf.ts`, pdfkit with an embedded Noto Sans SC font), so both read the
 * same. Text is plain (escaped by the renderers); money is pre-formatted by the caller.
 */

export type DocumentBlock =
  | { kind: 'heading'; text: string; level?: 1 | 2 | 3 }
  | { kind: 'paragraph'; text: string }
  | { kind: 'keyValues'; rows: { label: string; value: string }[] }
  | { kind: 'table'; columns: string[]; rows: string[][]; align?: ('left' | 'right')[] }
  /** A horizontal bar chart, e.g. availability per circuit against its target. */
  | { kind: 'bars'; title: string; unit: string; items: { label: string; value: number; target?: number }[] }
  | { kind: 'signature'; lines: string[] }
  | { kind: 'pageBreak' };

export type PrintableDocument = {
  title: string;
  subtitle?: string;
  /** Who issues it, e.g. '中国电信广州分公司 政企客户部'. */
  issuer: string;
  /** YYYY-MM-DD. */
  issuedOn: string;
  lang: 'zh-CN' | 'en';
  blocks: DocumentBlock[];
};
