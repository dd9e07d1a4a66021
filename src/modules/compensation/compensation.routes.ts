/**
 * REST /api/v1/compensation (赔付单, PRODUCT.md §5–6): the inbox (with a to-do filter and badge
 * counts), one slip with its basis, source and history, the workflow steps, amount changes, the
 * summary by month × kind × status, and a customer's slips. Reads are scoped like the customer;
 * each step is limited to the roles of the transition table (the service enforces the finer rules:
 * own customer, four eyes, order of steps).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorFor, requireUser } from '../../http/access.ts';
import { withTotal } from '../../http/list.ts';
import {
  amountBody,
  approveBody,
  confirmBody,
  countsView,
  customerIdParams,
  listSlipsQuery,
  opsStatementBody,
  rejectBody,
  settleBody,
  slipDetail,
  slipIdParams,
  slipView,
  summaryQuery,
  summaryView,
} from './compensation.schema.ts';
import {
  changeSlipAmount,
  getSlipDetail,
  listCustomerSlips,
  listSlipsFor,
  type StepInput,
  slipCountsFor,
  slipSummaryFor,
  takeSlipStep,
} from './compensation.service.ts';

export async function compensationRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const readers = {
    access: [
      'admin',
      'kam_manager',
      'account_manager',
      'ops_engineer',
      'frontdesk',
      'analyst',
      'auditor',
    ] as const,
  };
  const tags = ['compensation'];
  const base = '/api/v1/compensation/slips';

  r.get(
    base,
    {
      config: readers,
      schema: {
        tags,
        summary:
          'Slips in scope, newest first; todo=true → awaiting a step the caller may take (X-Total-Count)',
        querystring: listSlipsQuery,
        response: { 200: z.array(slipView) },
      },
    },
    async (request, reply) => {
      const page = await listSlipsFor(deps, requireUser(request), request.query);
      return withTotal(reply, page.total, page.items);
    },
  );

  r.get(
    `${base}/counts`,
    {
      config: readers,
      schema: {
        tags,
        summary: 'Badge counts of the inbox: all, my to-do, per status',
        response: { 200: countsView },
      },
    },
    (request) => slipCountsFor(deps, requireUser(request)),
  );

  r.get(
    '/api/v1/compensation/summary',
    {
      config: readers,
      schema: {
        tags,
        summary:
          'Amounts and counts by raising month (Asia/Shanghai) × kind × status; default the last 12 months',
        querystring: summaryQuery,
        response: { 200: summaryView },
      },
    },
    (request) => slipSummaryFor(deps, requireUser(request), request.query),
  );

  r.get(
    `${base}/:id`,
    {
      config: readers,
      schema: {
        tags,
        summary:
          'One slip: basis in words, source (order line or agreement/circuit/period), events, my actions',
        params: slipIdParams,
        response: { 200: slipDetail },
      },
    },
    (request) => getSlipDetail(deps, requireUser(request), request.params.id),
  );

  const step = <B extends z.ZodType>(
    path: string,
    access: readonly ('admin' | 'kam_manager' | 'account_manager' | 'ops_engineer')[],
    body: B,
    summary: string,
    toInput: (body: z.infer<B>) => StepInput,
  ) =>
    r.post(
      `${base}/:id/${path}`,
      {
        config: { access },
        schema: { tags, summary, params: slipIdParams, body, response: { 200: slipDetail } },
      },
      (request) =>
        takeSlipStep(
          deps,
          requireUser(request),
          actorFor(request),
          request.params.id,
          toInput(request.body as z.infer<B>),
        ),
    );

  step(
    'ops-statement',
    ['admin', 'ops_engineer'],
    opsStatementBody,
    'Ops states the responsible segment and its opinion (raised → ops_stated)',
    (b) => ({ step: 'ops_statement', ...b }),
  );
  step(
    'approve',
    ['admin', 'kam_manager'],
    approveBody,
    'Approve (ops_stated → approved); 403 SELF_APPROVAL for the raiser or the ops stater',
    (b) => ({ step: 'approve', ...b }),
  );
  step(
    'reject',
    ['admin', 'kam_manager'],
    rejectBody,
    'Reject with a reason (ops_stated → rejected); four eyes as approve',
    (b) => ({ step: 'reject', ...b }),
  );
  step(
    'confirm',
    ['admin', 'kam_manager', 'account_manager'],
    confirmBody,
    "Record the customer's confirmation: who, when, note (approved → customer_confirmed)",
    (b) => ({ step: 'confirm', ...b }),
  );
  step(
    'settle',
    ['admin', 'kam_manager'],
    settleBody,
    'Settle with a settlement reference (customer_confirmed → settled)',
    (b) => ({ step: 'settle', ...b }),
  );

  r.patch(
    `${base}/:id/amount`,
    {
      config: { access: ['admin', 'kam_manager', 'ops_engineer'] as const },
      schema: {
        tags,
        summary: 'Change the amount before approval, with a reason (the computed amount stays)',
        params: slipIdParams,
        body: amountBody,
        response: { 200: slipDetail },
      },
    },
    (request) =>
      changeSlipAmount(deps, requireUser(request), actorFor(request), request.params.id, request.body),
  );

  r.get(
    '/api/v1/customers/:id/slips',
    {
      config: readers,
      schema: {
        tags,
        summary: "A customer's slips, newest first",
        params: customerIdParams,
        response: { 200: z.array(slipView) },
      },
    },
    (request) => listCustomerSlips(deps, requireUser(request), request.params.id),
  );
}
