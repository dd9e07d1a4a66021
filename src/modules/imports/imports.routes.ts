/**
 * Imports API: upload a file as the raw request body (streamed, never buffered whole), read the
 * history and one run's report, download a CSV template per kind.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { type ImportKind, templateCsv } from '../../domain/imports/columns.ts';
import { actorFor } from '../../http/access.ts';
import { withTotal } from '../../http/list.ts';
import { listRuns } from './imports.repo.ts';
import {
  importIdParams,
  importKindParams,
  importQuery,
  importRunSummaryView,
  importRunView,
  listImportsQuery,
  templateParams,
} from './imports.schema.ts';
import { getRun, runImport } from './imports.service.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Upload types: the body reaches the handler as the raw stream; the format is sniffed from the bytes. */
const UPLOAD_TYPES = [
  'text/csv',
  'text/plain',
  XLSX_TYPE,
  'application/vnd.ms-excel',
  'application/octet-stream',
];

export async function importsRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  // An encapsulated context, so that replacing the string parsers of text/csv and text/plain
  // with a streaming one affects only these routes.
  await app.register(async (scoped) => {
    for (const type of ['text/csv', 'text/plain']) {
      if (scoped.hasContentTypeParser(type)) scoped.removeContentTypeParser(type);
    }
    scoped.addContentTypeParser(UPLOAD_TYPES, (_request, payload, done) => done(null, payload));
    const r = scoped.withTypeProvider<ZodTypeProvider>();
    const access = { access: ['admin', 'kam_manager'] as const };

    r.post(
      '/api/v1/imports/:kind',
      {
        config: access,
        schema: {
          tags: ['imports'],
          summary: 'Import a CSV or XLSX file (raw body); all-or-nothing unless mode=partial',
          description:
            'Body: the file itself, Content-Type text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet. A refused file answers 400 IMPORT_INVALID with `errors` [{field: "line 12: creditCode", message}] and `rows` [{line, field, reason}].',
          params: importKindParams,
          querystring: importQuery,
          response: { 200: importRunView },
        },
      },
      async (request) => {
        const kind = request.params.kind as ImportKind;
        const body = request.body as AsyncIterable<Buffer> | string | Buffer | undefined;
        const source: AsyncIterable<Buffer | string> =
          body === undefined || body === null
            ? (async function* () {})()
            : typeof body === 'string' || Buffer.isBuffer(body)
              ? (async function* () {
                  yield body;
                })()
              : body;
        return runImport(deps, actorFor(request), {
          kind,
          fileName: request.query.fileName ?? `${kind}-upload`,
          mode: request.query.mode,
          source,
        });
      },
    );

    r.get(
      '/api/v1/imports',
      {
        config: access,
        schema: {
          tags: ['imports'],
          summary: 'Import history, newest first (X-Total-Count)',
          querystring: listImportsQuery,
          response: { 200: z.array(importRunSummaryView) },
        },
      },
      async (request, reply) => {
        const { limit, offset, kind, status } = request.query;
        const page = await listRuns(deps.db, { kind, status }, { limit, offset });
        return withTotal(
          reply,
          page.total,
          page.items.map((row) => ({
            ...row,
            startedAt: row.startedAt.toISOString(),
            finishedAt: row.finishedAt ? row.finishedAt.toISOString() : null,
          })),
        );
      },
    );

    r.get(
      '/api/v1/imports/:id',
      {
        config: access,
        schema: {
          tags: ['imports'],
          summary: 'One import run with its bad-row report',
          params: importIdParams,
          response: { 200: importRunView },
        },
      },
      async (request) => getRun(deps.db, request.params.id),
    );

    r.get(
      '/api/v1/imports/templates/:file',
      {
        config: access,
        schema: {
          tags: ['imports'],
          summary: 'CSV template of a kind: customers.csv, billing.csv, satisfaction.csv, indicators.csv',
          params: templateParams,
        },
      },
      async (request, reply) => {
        const kind = request.params.file.replace(/\.csv$/, '') as ImportKind;
        return reply
          .type('text/csv; charset=utf-8')
          .header('Content-Disposition', `attachment; filename="${kind}-template.csv"`)
          .send(templateCsv(kind));
      },
    );
  });
}
