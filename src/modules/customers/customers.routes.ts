/** Customers REST under /api/v1/customers (contracts.md "Customers REST"), plus industries and account managers. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { INDUSTRIES } from '../../domain/customers/industry.ts';
import { actorFor, requireUser } from '../../http/access.ts';
import { withTotal } from '../../http/list.ts';
import {
  accountManagerView,
  billingMonthView,
  billingQuery,
  contactBody,
  contactIdParams,
  contactPatchBody,
  contactView,
  createCustomerBody,
  customerIdParams,
  customerView,
  hierarchyView,
  industryView,
  listCustomersQuery,
  noteBody,
  notesQuery,
  noteView,
  transferBody,
  transferView,
  updateCustomerBody,
} from './customers.schema.ts';
import {
  createContact,
  createCustomer,
  createNote,
  deleteContactById,
  getCustomer,
  getHierarchy,
  listAccountManagers,
  listBilling,
  listContacts,
  listCustomers,
  listNotes,
  listTransfers,
  toCustomerView,
  transferCustomer,
  updateContactById,
  updateCustomer,
} from './customers.service.ts';

/**
 * `X-Total-Count` (and `X-Result-Count`) for a customer page; above the exact-count cap the total
 * is the planner's estimate and `X-Total-Count-Estimated: true` says so.
 */
export function withPageTotal<T>(
  reply: FastifyReply,
  page: { total: number; totalEstimated: boolean },
  items: T[],
): T[] {
  if (page.totalEstimated) reply.header('X-Total-Count-Estimated', 'true');
  return withTotal(reply, page.total, items);
}

export async function customersRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = { access: 'authenticated' as const };
  const writers = { access: ['admin', 'kam_manager', 'account_manager'] as const };
  const owners = { access: ['admin', 'kam_manager'] as const };
  const tags = ['customers'];

  r.get(
    '/api/v1/customers',
    {
      config: read,
      schema: {
        tags,
        summary:
          'List the customers in your scope (q: name, code, credit code prefix, contact phone; X-Total-Count)',
        querystring: listCustomersQuery,
        response: { 200: z.array(customerView) },
      },
    },
    async (request, reply) => {
      const { limit, offset, sort, ...filter } = request.query;
      const page = await listCustomers(deps, requireUser(request), filter, { limit, offset, sort });
      return withPageTotal(reply, page, page.items.map(toCustomerView));
    },
  );

  r.get(
    '/api/v1/customers/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'A customer (404 outside your scope)',
        params: customerIdParams,
        response: { 200: customerView },
      },
    },
    async (request) => toCustomerView(await getCustomer(deps, requireUser(request), request.params.id)),
  );

  r.post(
    '/api/v1/customers',
    {
      config: owners,
      schema: {
        tags,
        summary: 'Create a customer (kam_manager: in its region)',
        body: createCustomerBody,
        response: { 201: customerView },
      },
    },
    async (request, reply) => {
      const view = await createCustomer(deps, requireUser(request), actorFor(request), request.body);
      return reply.status(201).send(toCustomerView(view));
    },
  );

  r.patch(
    '/api/v1/customers/:id',
    {
      config: writers,
      schema: {
        tags,
        summary: 'Change profile fields (send the version you read; 409 when stale)',
        params: customerIdParams,
        body: updateCustomerBody,
        response: { 200: customerView },
      },
    },
    async (request) =>
      toCustomerView(
        await updateCustomer(deps, requireUser(request), actorFor(request), request.params.id, request.body),
      ),
  );

  r.post(
    '/api/v1/customers/:id/transfer',
    {
      config: owners,
      schema: {
        tags,
        summary: 'Hand the customer to another account manager (audited with the reason)',
        params: customerIdParams,
        body: transferBody,
        response: { 200: customerView },
      },
    },
    async (request) =>
      toCustomerView(
        await transferCustomer(
          deps,
          requireUser(request),
          actorFor(request),
          request.params.id,
          request.body,
        ),
      ),
  );

  r.get(
    '/api/v1/customers/:id/transfers',
    {
      config: read,
      schema: {
        tags,
        summary: 'The account-manager transfers of a customer, newest first (from the audit log)',
        params: customerIdParams,
        response: { 200: z.array(transferView) },
      },
    },
    async (request) => listTransfers(deps, requireUser(request), request.params.id),
  );

  r.get(
    '/api/v1/customers/:id/hierarchy',
    {
      config: read,
      schema: {
        tags,
        summary: 'The group hierarchy around a customer (out-of-scope members hidden)',
        params: customerIdParams,
        response: { 200: hierarchyView },
      },
    },
    async (request) => getHierarchy(deps, requireUser(request), request.params.id),
  );

  r.get(
    '/api/v1/customers/:id/contacts',
    {
      config: read,
      schema: {
        tags,
        summary: 'Key contacts',
        params: customerIdParams,
        response: { 200: z.array(contactView) },
      },
    },
    async (request) => listContacts(deps, requireUser(request), request.params.id),
  );

  r.post(
    '/api/v1/customers/:id/contacts',
    {
      config: writers,
      schema: {
        tags,
        summary: 'Add a key contact',
        params: customerIdParams,
        body: contactBody,
        response: { 201: contactView },
      },
    },
    async (request, reply) => {
      const contact = await createContact(
        deps,
        requireUser(request),
        actorFor(request),
        request.params.id,
        request.body,
      );
      return reply.status(201).send(contact);
    },
  );

  r.patch(
    '/api/v1/customers/:id/contacts/:contactId',
    {
      config: writers,
      schema: {
        tags,
        summary: 'Change a key contact',
        params: contactIdParams,
        body: contactPatchBody,
        response: { 200: contactView },
      },
    },
    async (request) =>
      updateContactById(
        deps,
        requireUser(request),
        actorFor(request),
        request.params.id,
        request.params.contactId,
        request.body,
      ),
  );

  r.delete(
    '/api/v1/customers/:id/contacts/:contactId',
    { config: writers, schema: { tags, summary: 'Remove a key contact', params: contactIdParams } },
    async (request, reply) => {
      await deleteContactById(
        deps,
        requireUser(request),
        actorFor(request),
        request.params.id,
        request.params.contactId,
      );
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/customers/:id/notes',
    {
      config: read,
      schema: {
        tags,
        summary: 'Dated notes: major events, competitor information, strategy, finance (newest first)',
        params: customerIdParams,
        querystring: notesQuery,
        response: { 200: z.array(noteView) },
      },
    },
    async (request) => listNotes(deps, requireUser(request), request.params.id, request.query.kind),
  );

  r.post(
    '/api/v1/customers/:id/notes',
    {
      config: writers,
      schema: {
        tags,
        summary: 'Add a dated note',
        params: customerIdParams,
        body: noteBody,
        response: { 201: noteView },
      },
    },
    async (request, reply) => {
      const note = await createNote(
        deps,
        requireUser(request),
        actorFor(request),
        request.params.id,
        request.body,
      );
      return reply.status(201).send(note);
    },
  );

  r.get(
    '/api/v1/customers/:id/billing',
    {
      config: read,
      schema: {
        tags,
        summary: 'Monthly billing facts, the latest `months` months, oldest first',
        params: customerIdParams,
        querystring: billingQuery,
        response: { 200: z.array(billingMonthView) },
      },
    },
    async (request) => listBilling(deps, requireUser(request), request.params.id, request.query.months),
  );

  r.get(
    '/api/v1/industries',
    {
      config: read,
      schema: { tags, summary: 'GB/T 4754-2017 industry sections', response: { 200: z.array(industryView) } },
    },
    async () => INDUSTRIES.map((i) => ({ code: i.code, zh: i.zh, en: i.en })),
  );

  r.get(
    '/api/v1/account-managers',
    {
      config: read,
      schema: {
        tags,
        summary: 'Active account managers you may see (kam_manager: its region)',
        response: { 200: z.array(accountManagerView) },
      },
    },
    async (request) =>
      (await listAccountManagers(deps, requireUser(request))).map((u) => ({
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        regionCode: u.regionCode,
      })),
  );
}
