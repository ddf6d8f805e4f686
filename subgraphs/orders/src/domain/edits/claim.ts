import { and, eq } from 'drizzle-orm';
import { existing as mustExist, isUniqueViolation, newId, unauthenticated, type RequestContext, type UserError } from '@zhongtai/kit';
import { orderEdits, type OrderEditChange, type OrderEditRow } from '../../db/editTables.ts';
import type { OrderRow } from '../../db/tables.ts';
import { ORDER_EDIT_ID_PREFIX } from '../ids.ts';

export type EditClaim = { kind: 'claimed'; edit: OrderEditRow } | { kind: 'existing'; edit: OrderEditRow } | { kind: 'conflict' } | { kind: 'busy' };

/** Well inside the request deadline, as placeOrder's wait for a duplicate. */
const WAIT_MS = 5_000;

/**
 * Takes the edit's idempotency key and the order's one APPLYING slot before anything is held:
 * a repeat of the key waits a little for the first call's outcome and answers it, the key with
 * other changes is refused, and another edit of the same order while one applies is told to retry.
 */
export async function claimEdit(ctx: RequestContext, order: OrderRow, key: string, requestHash: string, changes: OrderEditChange[]): Promise<EditClaim> {
  const claims = ctx.claims;
  if (!claims) throw unauthenticated();
  try {
    const [edit] = await ctx.db
      .insert(orderEdits)
      .values({
        id: newId(ORDER_EDIT_ID_PREFIX),
        orderId: order.id,
        checkoutId: order.checkoutId,
        shopId: order.shopId,
        idempotencyKey: key,
        requestHash,
        changes,
        actor: claims.subject,
        actorRole: claims.role,
      })
      .returning();
    return { kind: 'claimed', edit: mustExist(edit, 'OrderEdit', order.id) };
  } catch (error) {
    if (isUniqueViolation(error, 'order_edits_one_applying')) {
      const holder = await editByKey(ctx, order.id, key);
      if (!holder) return { kind: 'busy' };
    } else if (!isUniqueViolation(error, 'order_edits_key')) throw error;
  }
  const deadline = Date.now() + WAIT_MS;
  let existing = await editByKey(ctx, order.id, key);
  while (existing && existing.status === 'APPLYING' && existing.requestHash === requestHash && Date.now() <= deadline) {
    await new Promise((r) => setTimeout(r, 100));
    existing = await editByKey(ctx, order.id, key);
  }
  if (!existing) return claimEdit(ctx, order, key, requestHash, changes); // the holder gave up and freed the key
  if (existing.requestHash !== requestHash) return { kind: 'conflict' };
  return { kind: 'existing', edit: existing };
}

export async function editByKey(ctx: RequestContext, orderId: string, key: string): Promise<OrderEditRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(orderEdits)
    .where(and(eq(orderEdits.orderId, orderId), eq(orderEdits.idempotencyKey, key)));
  return row;
}

const applying = (editId: string) => and(eq(orderEdits.id, editId), eq(orderEdits.status, 'APPLYING'));

/** A business refusal is the answer for this key, also for its retries. */
export async function failEdit(ctx: RequestContext, editId: string, errors: UserError[]): Promise<void> {
  await ctx.db.update(orderEdits).set({ status: 'FAILED', failure: errors, updatedAt: new Date() }).where(applying(editId));
}

/** An unexpected failure whose holds were put back frees the key: a retry edits afresh. */
export async function abandonEdit(ctx: RequestContext, editId: string): Promise<void> {
  await ctx.db.delete(orderEdits).where(applying(editId));
}

export const EDIT_IN_PROGRESS: UserError = {
  field: ['input', 'orderId'],
  code: 'CHECKOUT_IN_PROGRESS',
  message: 'Another change of this order is being applied; retry in a few seconds',
};
