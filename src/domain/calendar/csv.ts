/**
 * A CSV splitter just big enough for schedule imports (PRODUCT.md "The working-day calendar": an
 * administrator loads a year's schedule as a file). Pure, no dependencies.
 */

/**
 * Splits CSV text into records (RFC 4180 enough: quoted fields with `""` escapes and line breaks,
 * CRLF or LF, a leading BOM). Each record keeps the 1-based line it starts on; blank lines are skipped.
 * A quote left open runs to the end of the text; `unterminatedAt` then names the line it opened on.
 *
 * @example
 * splitCsv('\uFEFFdate,kind,name\r\n2025-01-01,holiday,"元旦, New Year"\r\n');
 * // { records: [{ line: 1, fields: ['date', 'kind', 'name'] }, { line: 2, fields: ['2025-01-01', 'holiday', '元旦, New Year'] }], unterminatedAt: null }
 */
export function splitCsv(text: string): {
  records: { line: number; fields: string[] }[];
  unterminatedAt: number | null;
} {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let fieldStarted = false;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0]?.trim() !== '' || fieldStarted)
      records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
      fieldStarted = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
      fieldStarted = true;
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && input[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += ch;
    }
  }
  const unterminatedAt = quoted ? recordLine : null;
  if (field !== '' || fields.length > 0 || fieldStarted) endRecord();
  return { records, unterminatedAt };
}
