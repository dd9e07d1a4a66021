/**
 * Compensation slips (赔付单, PRODUCT.md §5–6). `raiseSlip` is how orders (late activation) and
 * agreements (a breached month) raise one, in their own transaction; it is idempotent per
 * (kind, sourceRef), so re-running a measurement or an activation never raises a second slip.
 */
import { sql } from 'drizzle-orm';
import { type Actor, writeAudit } from '../../db/audit.ts';
import type { Tx } from '../../db/database.ts';
import { nextDocumentNumber } from '../../db/numbers.ts';
import { compensationSlipEvents, compensationSlips } from '../../db/schema.ts';
import { isFen } from '../../domain/compensation/money.ts';

export type SlipKind = 'provisioning_late' | 'sla_availability' | 'sla_restore';

export type RaiseSlipInput = {
  kind: SlipKind;
  /** Unique per kind: the order line id, or `<agreementId>:<circuitId>:<YYYY-MM>`. */
  sourceRef: string;
  customerId: string;
  regionCode: string;
  orderId?: string | null;
  orderItemId?: string | null;
  agreementId?: string | null;
  circuitId?: string | null;
  period?: string | null;
  amountFen: number;
  /** The rule's inputs and steps (shown on the slip so anyone can check the amount). */
  basis: Record<string, unknown>;
};

/** Raises a slip once per (kind, sourceRef); returns it and whether this call created it. */
export async function raiseSlip(
  tx: Tx,
  input: RaiseSlipInput,
  at: Date,
  actor: Actor,
): Promise<{ id: string; slipNumber: string; created: boolean }> {
  if (!isFen(input.amountFen))
    throw new RangeError(`amountFen must be whole non-negative fen: ${input.amountFen}`);
  const existing = (
    (await tx.execute(sql`select id, slip_number as "slipNumber" from compensation_slips
      where kind = ${input.kind} and source_ref = ${input.sourceRef}`)) as unknown as {
      rows: { id: string; slipNumber: string }[];
    }
  ).rows[0];
  if (existing) return { ...existing, created: false };
  const slipNumber = await nextDocumentNumber(tx, 'compensation_slip_seq', 'CS', at);
  const [row] = await tx
    .insert(compensationSlips)
    .values({
      slipNumber,
      customerId: input.customerId,
      regionCode: input.regionCode,
      kind: input.kind,
      sourceRef: input.sourceRef,
      orderId: input.orderId ?? null,
      orderItemId: input.orderItemId ?? null,
      agreementId: input.agreementId ?? null,
      circuitId: input.circuitId ?? null,
      period: input.period ?? null,
      computedAmountFen: input.amountFen,
      amountFen: input.amountFen,
      basis: input.basis,
      status: 'raised',
      raisedBy: actor.name,
      raisedById: actor.id,
      raisedAt: at,
      updatedAt: at,
    })
    .onConflictDoNothing()
    .returning({ id: compensationSlips.id });
  if (!row) {
    // A concurrent transaction raised it first.
    return raiseSlip(tx, input, at, actor);
  }
  await tx.insert(compensationSlipEvents).values({
    slipId: row.id,
    kind: 'raised',
    toStatus: 'raised',
    amountAfterFen: input.amountFen,
    at,
    actorId: actor.id,
    actorName: actor.name,
    actorRole: actor.role,
  });
  await writeAudit(tx, actor, {
    action: 'compensation.raise',
    entity: 'compensation_slip',
    entityId: row.id,
    after: { slipNumber, ...input },
  });
  return { id: row.id, slipNumber, created: true };
}
