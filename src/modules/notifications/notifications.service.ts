/**
 * In-app notifications (站内通知). PLACEHOLDER until the SLA/escalation work lands: replace the
 * bodies, keep the signatures.
 */
import type { Tx } from '../../db/database.ts';

export type NewNotification = {
  userId: string;
  kind: string;
  title: string;
  body: string;
  entity?: string | null;
  entityId?: string | null;
  data?: Record<string, unknown> | null;
};

/** Writes notifications in the caller's transaction (duplicate recipients collapsed). */
export async function notify(_tx: Tx, _items: NewNotification[], _at: Date): Promise<number> {
  throw new Error('notify: notifications not built yet');
}
