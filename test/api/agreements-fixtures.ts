/**
 * Helpers of the agreements and outages API tests: a customer of am1 with circuits registered
 * through the API, and agreements created, submitted and approved through it.
 */
import { expect } from 'vitest';
import { makeCustomer } from '../fixtures/customers.ts';
import type { TestContext } from '../harness.ts';

let seq = 0;

export type Circuit = { id: string; circuitNumber: string };

/** A customer (am1's, Guangzhou unless told) with `n` circuits. */
export async function customerWithCircuits(
  ctx: TestContext,
  n: number,
  opts: { am?: string; region?: string } = {},
): Promise<{ customerId: string; circuits: Circuit[] }> {
  const customerId = await makeCustomer(ctx, { am: opts.am ?? 'am1', region: opts.region ?? 'GD-GZ' });
  const circuits: Circuit[] = [];
  for (let i = 0; i < n; i += 1) {
    seq += 1;
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/circuits',
      headers: await ctx.auth('admin'),
      payload: {
        circuitNumber: `SLA-T${process.pid}-${String(seq).padStart(4, '0')}`,
        customerId,
        product: 'digital_circuit',
        scope: 'in_province',
        bandwidthMbps: 100,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    circuits.push(res.json<Circuit>());
  }
  return { customerId, circuits };
}

export type AgreementDetail = {
  id: string;
  agreementNumber: string;
  status: string;
  currentVersion: number | null;
  pendingVersion: number | null;
  inForce: boolean;
  level: { label: string; slaClass: string | null; circuitCount: number } | null;
  versions: {
    version: number;
    status: string;
    kind: string;
    targets: { availabilityPpm: number; restoreMinutes: number };
    compensationTerms: Record<string, unknown> | null;
    circuitIds: string[];
    submittedBy: string | null;
    decisionReason: string | null;
  }[];
};

export const AAA_BODY = (customerId: string, circuits: Circuit[], fee = 1_000_000) => ({
  customerId,
  title: '核心专线 SLA',
  kind: 'sla_commitment',
  slaClass: 'AAA',
  afterSalesLevel: 'SL1',
  afterSales: { designatedEngineer: '王工', responseMinutes: 15, reports: 'monthly', optimisation: true },
  compensationTerms: { monthlyFeesFen: Object.fromEntries(circuits.map((k) => [k.id, fee])) },
  circuitIds: circuits.map((k) => k.id),
  validFrom: '2026-01-01',
  validTo: '2027-12-31',
});

export async function post(ctx: TestContext, url: string, who: string, payload?: unknown) {
  return ctx.app.inject({
    method: 'POST',
    url,
    headers: await ctx.auth(who),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

export async function get<T>(ctx: TestContext, url: string, who: string): Promise<T> {
  const res = await ctx.app.inject({ method: 'GET', url, headers: await ctx.auth(who) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
}

/** Creates (as `creator`), submits (as `creator`) and approves (as `approver`) an agreement. */
export async function approvedAgreement(
  ctx: TestContext,
  body: Record<string, unknown>,
  creator = 'am1',
  approver = 'kam',
): Promise<AgreementDetail> {
  const created = await post(ctx, '/api/v1/agreements', creator, body);
  expect(created.statusCode, created.body).toBe(201);
  const a = created.json<AgreementDetail>();
  const submitted = await post(ctx, `/api/v1/agreements/${a.id}/versions/1/submit`, creator);
  expect(submitted.statusCode, submitted.body).toBe(200);
  const approved = await post(ctx, `/api/v1/agreements/${a.id}/versions/1/approve`, approver, {});
  expect(approved.statusCode, approved.body).toBe(200);
  return approved.json<AgreementDetail>();
}
