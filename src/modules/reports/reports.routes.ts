/**
 * Operating reports (运行报告) and joint meetings (联席会议), PRODUCT.md §6. See docs/reports.md.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorFor, requireUser } from '../../http/access.ts';
import { withTotal } from '../../http/list.ts';
import {
  addMeetingAction,
  createMeeting,
  getMeeting,
  listCustomerMeetings,
  updateMeeting,
  updateMeetingAction,
} from './meetings.service.ts';
import {
  actionBody,
  actionPatchBody,
  actionView,
  generateBody,
  idParams,
  listReportsQuery,
  meetingBody,
  meetingPatchBody,
  meetingView,
  reportDetailView,
  reportView,
} from './reports.schema.ts';
import {
  generateOperatingReport,
  getOperatingReport,
  getOperatingReportHtml,
  getOperatingReportPdf,
  listOperatingReports,
  reportFileName,
  sendOperatingReport,
} from './reports.service.ts';

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name. */
function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The report page may be framed by the app only, and runs no script of any kind. */
const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

export async function reportsRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const readers = {
    access: ['admin', 'kam_manager', 'account_manager', 'ops_engineer', 'analyst', 'auditor'] as const,
  };
  const writers = { access: ['admin', 'kam_manager', 'account_manager'] as const };
  const tags = ['reports'];

  r.post(
    '/api/v1/reports/operating',
    {
      config: writers,
      schema: {
        tags,
        summary:
          "Generate (or regenerate, replacing the frozen figures) a customer's monthly operating report, per agreement or for the whole service",
        body: generateBody,
        response: { 201: reportDetailView },
      },
    },
    async (request, reply) => {
      const report = await generateOperatingReport(
        deps,
        requireUser(request),
        actorFor(request),
        request.body,
      );
      return reply.code(201).send(report);
    },
  );

  r.get(
    '/api/v1/reports/operating',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Operating reports in scope, latest period first (X-Total-Count)',
        querystring: listReportsQuery,
        response: { 200: z.array(reportView) },
      },
    },
    async (request, reply) => {
      const page = await listOperatingReports(deps, requireUser(request), request.query);
      return withTotal(reply, page.total, page.items);
    },
  );

  r.get(
    '/api/v1/reports/operating/:id',
    {
      config: readers,
      schema: {
        tags,
        summary: 'One report with its frozen figures',
        params: idParams,
        response: { 200: reportDetailView },
      },
    },
    (request) => getOperatingReport(deps, requireUser(request), request.params.id),
  );

  r.get(
    '/api/v1/reports/operating/:id/html',
    {
      config: readers,
      schema: { tags, summary: 'The report as a printable HTML page (A4)', params: idParams },
    },
    async (request, reply) => {
      const { report, html } = await getOperatingReportHtml(deps, requireUser(request), request.params.id);
      return reply
        .type('text/html; charset=utf-8')
        .header('Content-Security-Policy', HTML_CSP)
        .header('Content-Disposition', contentDisposition('inline', reportFileName(report, 'html')))
        .send(html);
    },
  );

  r.get(
    '/api/v1/reports/operating/:id/pdf',
    {
      config: readers,
      schema: { tags, summary: 'The report as a PDF download (A4, fonts embedded)', params: idParams },
    },
    async (request, reply) => {
      const { report, pdf } = await getOperatingReportPdf(deps, requireUser(request), request.params.id);
      return reply
        .type('application/pdf')
        .header('Content-Disposition', contentDisposition('attachment', reportFileName(report, 'pdf')))
        .send(pdf);
    },
  );

  r.post(
    '/api/v1/reports/operating/:id/send',
    {
      config: writers,
      schema: {
        tags,
        summary: "Send to the customer's account manager (in-app notification with the links); sets sentAt",
        params: idParams,
        response: { 200: reportDetailView },
      },
    },
    (request) => sendOperatingReport(deps, requireUser(request), actorFor(request), request.params.id),
  );

  // ---------------------------------------------------------------- joint meetings

  r.get(
    '/api/v1/customers/:id/meetings',
    {
      config: readers,
      schema: {
        tags,
        summary: "A customer's joint meetings with their actions, latest first",
        params: idParams,
        response: { 200: z.array(meetingView) },
      },
    },
    (request) => listCustomerMeetings(deps, requireUser(request), request.params.id),
  );

  r.post(
    '/api/v1/customers/:id/meetings',
    {
      config: writers,
      schema: {
        tags,
        summary: 'Record a joint meeting',
        params: idParams,
        body: meetingBody,
        response: { 201: meetingView },
      },
    },
    async (request, reply) => {
      const meeting = await createMeeting(
        deps,
        requireUser(request),
        actorFor(request),
        request.params.id,
        request.body,
      );
      return reply.code(201).send(meeting);
    },
  );

  r.get(
    '/api/v1/meetings/:id',
    {
      config: readers,
      schema: { tags, summary: 'One joint meeting', params: idParams, response: { 200: meetingView } },
    },
    (request) => getMeeting(deps, requireUser(request), request.params.id),
  );

  r.patch(
    '/api/v1/meetings/:id',
    {
      config: writers,
      schema: {
        tags,
        summary: 'Change a joint meeting (merge)',
        params: idParams,
        body: meetingPatchBody,
        response: { 200: meetingView },
      },
    },
    (request) =>
      updateMeeting(deps, requireUser(request), actorFor(request), request.params.id, request.body),
  );

  r.post(
    '/api/v1/meetings/:id/actions',
    {
      config: writers,
      schema: {
        tags,
        summary: 'Add an action (owner: a user, notified, or a name on the customer side)',
        params: idParams,
        body: actionBody,
        response: { 201: meetingView },
      },
    },
    async (request, reply) => {
      const meeting = await addMeetingAction(
        deps,
        requireUser(request),
        actorFor(request),
        request.params.id,
        request.body,
      );
      return reply.code(201).send(meeting);
    },
  );

  r.patch(
    '/api/v1/meeting-actions/:id',
    {
      // Writers in scope change anything; the action's owner (any role) its status and note.
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Change an action: status open/done/dropped, owner (notified), due date, note',
        params: idParams,
        body: actionPatchBody,
        response: { 200: actionView },
      },
    },
    (request) =>
      updateMeetingAction(deps, requireUser(request), actorFor(request), request.params.id, request.body),
  );
}
