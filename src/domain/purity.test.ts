/**
 * src/domain holds pure rules (STYLE.md): no I/O, no environment, no clock. This test reads every
 * non-test .ts file under src/domain and fails on an import of node:* or another Node built-in,
 * fs, path, pg or @electric-sql/*, on `process.env`, and on `Date.now()` or a `new Date()` without
 * an argument. Comments and string contents are ignored, so documentation may mention them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const domainDir = fileURLToPath(new URL('.', import.meta.url));

/** Characters after which a `/` starts a regular expression rather than a division. */
const BEFORE_REGEX = new Set([
  '',
  '(',
  ',',
  '=',
  ':',
  '[',
  '!',
  '&',
  '|',
  '?',
  '{',
  '}',
  ';',
  '+',
  '-',
  '*',
  '%',
  '<',
  '>',
  '~',
  '^',
]);

/**
 * Splits source into `withStrings` (comments blanked) and `codeOnly` (comments, string, template and
 * regex contents blanked; template `${…}` code kept). Good enough for TypeScript as we write it.
 */
function strip(source: string): { withStrings: string; codeOnly: string } {
  let withStrings = '';
  let codeOnly = '';
  const emit = (text: string, code: string) => {
    withStrings += text;
    codeOnly += code;
  };
  const blank = (text: string) => text.replace(/[^\n]/g, ' ');
  const braces: number[] = []; // for each open template `${`, the brace depth at which it closes
  let depth = 0;
  let last = '';
  let i = 0;
  const readQuoted = (quote: string) => {
    let j = i + 1;
    while (j < source.length && source[j] !== quote && source[j] !== '\n') j += source[j] === '\\' ? 2 : 1;
    const text = source.slice(i, j + 1);
    emit(text, quote + blank(text.slice(1, -1)) + quote);
    i = j + 1;
  };
  const readTemplate = () => {
    // from i (just after ` or }) to the closing ` or to a `${`
    let j = i;
    while (j < source.length && source[j] !== '`' && !(source[j] === '$' && source[j + 1] === '{')) {
      j += source[j] === '\\' ? 2 : 1;
    }
    emit(source.slice(i, j), blank(source.slice(i, j)));
    if (source[j] === '`') {
      emit('`', '`');
      i = j + 1;
    } else {
      emit('${', '${');
      braces.push(depth);
      depth++;
      i = j + 2;
    }
  };
  while (i < source.length) {
    const ch = source[i]!;
    const next = source[i + 1];
    if (ch === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      const stop = end === -1 ? source.length : end;
      emit(blank(source.slice(i, stop)), blank(source.slice(i, stop)));
      i = stop;
    } else if (ch === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      emit(blank(source.slice(i, stop)), blank(source.slice(i, stop)));
      i = stop;
    } else if (ch === '"' || ch === "'") {
      readQuoted(ch);
      last = ch;
    } else if (ch === '`') {
      emit('`', '`');
      i++;
      readTemplate();
      last = '`';
    } else if (ch === '/' && BEFORE_REGEX.has(last)) {
      let j = i + 1;
      let inClass = false;
      while (j < source.length && source[j] !== '\n' && (source[j] !== '/' || inClass)) {
        if (source[j] === '\\') j++;
        else if (source[j] === '[') inClass = true;
        else if (source[j] === ']') inClass = false;
        j++;
      }
      const text = source.slice(i, j + 1);
      emit(text, `/${blank(text.slice(1, -1))}/`);
      i = j + 1;
      last = '/';
    } else {
      if (ch === '{') depth++;
      if (ch === '}') {
        depth--;
        if (braces.length > 0 && braces[braces.length - 1] === depth) {
          braces.pop();
          emit('}', '}');
          i++;
          readTemplate();
          last = '`';
          continue;
        }
      }
      emit(ch, ch);
      if (!/\s/.test(ch)) last = /[\w$)\]]/.test(ch) ? 'x' : ch;
      i++;
    }
  }
  return { withStrings, codeOnly };
}

const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));

function isForbiddenModule(specifier: string): boolean {
  const root = specifier.split('/')[0]!;
  return (
    specifier.startsWith('node:') ||
    BUILTINS.has(specifier) ||
    BUILTINS.has(root) ||
    root === 'pg' ||
    specifier.startsWith('@electric-sql/')
  );
}

/** Every impurity in a source text, as short descriptions. */
function findImpurities(source: string): string[] {
  const { withStrings, codeOnly } = strip(source);
  const found: string[] = [];
  const importPattern =
    /(?:\bimport\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?|\bexport\s+(?:type\s+)?[\w*{}\s,$]+\s+from\s+|\bimport\s*\(\s*|\brequire\s*\(\s*)(['"])([^'"]+)\1/g;
  for (const match of withStrings.matchAll(importPattern)) {
    if (isForbiddenModule(match[2]!)) found.push(`imports ${match[2]}`);
  }
  // Positions line up in both texts, so a bracket access found in code is read back with its string.
  const envByIndex = [...codeOnly.matchAll(/\bprocess\s*\[/g)].some((m) =>
    /^process\s*\[\s*(['"`])env\1\s*\]/.test(withStrings.slice(m.index)),
  );
  if (/\bprocess\s*\.\s*env\b/.test(codeOnly) || envByIndex) found.push('reads process.env');
  if (/\bDate\s*\.\s*now\s*\(/.test(codeOnly)) found.push('calls Date.now()');
  if (/\bnew\s+Date\s*(?:\(\s*\)|(?![\s(]))/.test(codeOnly))
    found.push('calls new Date() without an argument');
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the impurity detector', () => {
  it.each([
    ["import { readFileSync } from 'node:fs';", ['imports node:fs']],
    ["import fs from 'fs';", ['imports fs']],
    ["import { join } from 'path';", ['imports path']],
    ["import * as os from 'os';", ['imports os']],
    ["import { readFile } from 'fs/promises';", ['imports fs/promises']],
    ["import pg from 'pg';", ['imports pg']],
    ["import { PGlite } from '@electric-sql/pglite';", ['imports @electric-sql/pglite']],
    ["import type { Pool } from 'pg';", ['imports pg']],
    ["export { x } from 'node:path';", ['imports node:path']],
    ["const fs = await import('node:fs');", ['imports node:fs']],
    ["import 'node:process';", ['imports node:process']],
    ['const url = process.env.DATABASE_URL;', ['reads process.env']],
    ["const url = process['env'].X;", ['reads process.env']],
    ['const now = Date.now();', ['calls Date.now()']],
    ['const now = new Date();', ['calls new Date() without an argument']],
    ['const now = new Date;', ['calls new Date() without an argument']],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source under test
    ['const s = `${new Date()}`;', ['calls new Date() without an argument']],
    ["import { DomainError } from '../errors.ts';", []],
    ["import { parse } from 'pgsql-ast';", []],
    ['const d = new Date(epochMs);', []],
    ['const d = new Date(Date.UTC(2025, 0, 1));', []],
    ['// never call Date.now() here, nor new Date()', []],
    ['/** reads process.env? no */ const x = 1;', []],
    ["const message = 'use Date.now() elsewhere';", []],
    ['const pattern = /new Date()/;', []],
    ['const pattern = /["\']/; const now = Date.now();', ['calls Date.now()']],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source under test
    ['const t = `Date.now() ${1 + 1} new Date()`;', []],
  ])('%s', (source, expected) => {
    expect(findImpurities(source)).toEqual(expected);
  });
});

describe('src/domain is pure', () => {
  const files = sourceFiles(domainDir);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((file) => [relative(domainDir, file), file]))('%s', (_, file) => {
    const source = readFileSync(file, 'utf8');
    const { withStrings, codeOnly } = strip(source);
    expect([withStrings.length, codeOnly.length]).toEqual([source.length, source.length]);
    expect(findImpurities(source)).toEqual([]);
  });
});
