/**
 * The delivery pack of an order (PRODUCT.md §5) as HTML or PDF: the activated lines (or one of
 * them), built by the pure `buildDeliveryPack` and rendered by the documents module.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import type { ScopedUser } from '../../domain/access.ts';
import type { PrintableDocument } from '../../domain/documents/document.ts';
import { renderDocumentHtml } from '../../domain/documents/html.ts';
import { DomainError } from '../../domain/errors.ts';
import { buildDeliveryPack } from '../../domain/orders/delivery-pack.ts';
import { renderDocumentPdf } from '../documents/pdf.ts';
import { listItems } from './orders.repo.ts';
import { getVisibleOrder, todayOf } from './orders.service.ts';

export const DELIVERY_ISSUER = '政企客户部(大客户服务中心)';

/** The pack's document; 404 for an unknown line, 409 when nothing (or that line) is activated yet. */
export async function getDeliveryPack(
  deps: Deps,
  user: ScopedUser,
  orderId: string,
  itemId?: string,
): Promise<{ orderNumber: string; document: PrintableDocument }> {
  const now = deps.now();
  const order = await getVisibleOrder(deps.db, user, orderId, now);
  const items = await listItems(deps.db, [orderId]);
  if (itemId && !items.some((i) => i.id === itemId))
    throw new DomainError('NOT_FOUND', `No line ${itemId} in order ${order.orderNumber}`, [
      { field: 'itemId', message: 'no such line in this order' },
    ]);
  const lines = items.filter((i) => i.activatedOn !== null && (!itemId || i.id === itemId));
  if (lines.length === 0)
    throw new DomainError('ILLEGAL_TRANSITION', 'No activated line to deliver yet', [
      { field: itemId ? 'itemId' : 'id', message: 'not activated yet' },
    ]);
  const [am] = order.accountManagerId
    ? await queryRows<{ name: string; phone: string | null }>(
        deps.db,
        sql`select display_name as name, phone from users where id = ${order.accountManagerId}::uuid`,
      )
    : [];
  const document = buildDeliveryPack({
    orderNumber: order.orderNumber,
    customerName: order.customerName,
    accountManager: am ? { name: am.name, phone: am.phone } : null,
    issuer: DELIVERY_ISSUER,
    issuedOn: todayOf(now),
    lines: lines.map((l) => ({
      lineNo: l.lineNo,
      product: l.product,
      scope: l.scope,
      provisioningClass: l.provisioningClass,
      bandwidthMbps: l.bandwidthMbps,
      aEnd: l.aEnd,
      zEnd: l.zEnd,
      circuitNumber: l.circuitNumber,
      activatedOn: l.activatedOn,
      oneTimeFeeFen: Number(l.oneTimeFeeFen),
      monthlyFeeFen: Number(l.monthlyFeeFen),
    })),
  });
  return { orderNumber: order.orderNumber, document };
}

export async function renderDeliveryPack(
  deps: Deps,
  user: ScopedUser,
  orderId: string,
  itemId: string | undefined,
  format: 'html' | 'pdf',
): Promise<{ filename: string; contentType: string; body: string | Buffer }> {
  const { orderNumber, document } = await getDeliveryPack(deps, user, orderId, itemId);
  if (format === 'pdf')
    return {
      filename: `交付资料-${orderNumber}.pdf`,
      contentType: 'application/pdf',
      body: await renderDocumentPdf(document),
    };
  return {
    filename: `交付资料-${orderNumber}.html`,
    contentType: 'text/html; charset=utf-8',
    body: renderDocumentHtml(document),
  };
}
