import { and, eq, sql } from 'drizzle-orm';
import { claimIdempotencyKey, newId, type RequestContext, type UserError } from '@zhongtai/kit';
import { checkouts, type CheckoutHeldOrders, type CheckoutRow } from '../db/tables.ts';

import { CHECKOUT_ID_PREFIX } from './ids.ts';

/** How the customer chose to pay (checkouts.paymentMethod, payerOpenId). */
export interface PaymentChoice {
  paymentMethod: CheckoutRow['paymentMethod'];
  payerOpenId: string | null;
}

export type Claim = { kind: 'claimed'; checkoutId: string } | { kind: 'existing'; checkout: CheckoutRow } | { kind: 'conflict' };

/** Well inside the request deadline: a duplicate that waits longer would time out at the gateway. */
const WAIT_MS = 5_000;

/**
 * Takes the idempotency key before anything is held: of ten concurrent requests with one key,
 * one inserts the PLACING row and places the order; the others find it, wait a little for its
 * outcome and return the same checkout (or the same refusal, or "still placing"). A key reused
 * for another cart is refused.
 */
export async function claimCheckout(
  ctx: RequestContext,
  memberId: string,
  idempotencyKey: string,
  requestHash: string,
  choice: PaymentChoice = { paymentMethod: null, payerOpenId: null },
): Promise<Claim> {
  const checkoutId = newId(CHECKOUT_ID_PREFIX);
  const claim = await claimIdempotencyKey({
    constraint: 'checkouts_idempotency_key',
    take: async () => {
      // The payment choice is kept from the start: a checkout the recovery job completes keeps it too.
      await ctx.db.insert(checkouts).values({ id: checkoutId, memberId, idempotencyKey, requestHash, ...choice });
    },
    holder: () => checkoutByKey(ctx, memberId, idempotencyKey),
    sameRequest: (holder) => holder.requestHash === requestHash,
  });
  if (claim.kind === 'taken') return { kind: 'claimed', checkoutId };
  if (claim.kind === 'reused') return { kind: 'conflict' };
  const deadline = Date.now() + WAIT_MS;
  let existing = claim.holder;
  while (existing.status === 'PLACING' && Date.now() <= deadline) {
    await new Promise((r) => setTimeout(r, 100));
    const again = await checkoutByKey(ctx, memberId, idempotencyKey);
    if (!again) return claimCheckout(ctx, memberId, idempotencyKey, requestHash, choice); // the holder gave up
    if (again.requestHash !== requestHash) return { kind: 'conflict' };
    existing = again;
  }
  return { kind: 'existing', checkout: existing };
}

export async function checkoutByKey(ctx: RequestContext, memberId: string, idempotencyKey: string): Promise<CheckoutRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(checkouts)
    .where(sql`${checkouts.memberId} = ${memberId} and ${checkouts.idempotencyKey} = ${idempotencyKey}`);
  return row;
}

/** Every write of a placing request is guarded by this: once the recovery job ended the checkout, it is not the request's any more. */
export const stillPlacing = (checkoutId: string) => and(eq(checkouts.id, checkoutId), eq(checkouts.status, 'PLACING'))!;

/**
 * Written before the first hold is asked for, so the recovery job can give the holds back by id
 * alone. False when the checkout is no longer PLACING (the recovery job ended it): stop there.
 */
export async function recordHeldOrders(ctx: RequestContext, checkoutId: string, heldOrders: CheckoutHeldOrders): Promise<boolean> {
  const rows = await ctx.db.update(checkouts).set({ heldOrders, updatedAt: new Date() }).where(stillPlacing(checkoutId)).returning({ id: checkouts.id });
  return rows.length > 0;
}

/** A business refusal is the answer for this key, also for its retries (unless the recovery job answered first). */
export async function failCheckout(ctx: RequestContext, checkoutId: string, errors: UserError[]): Promise<void> {
  await ctx.db.update(checkouts).set({ status: 'FAILED', failure: errors, updatedAt: new Date() }).where(stillPlacing(checkoutId));
}

/** An unexpected failure whose holds were given back frees the key: a retry places the order afresh. */
export async function abandonCheckout(ctx: RequestContext, checkoutId: string): Promise<void> {
  await ctx.db.delete(checkouts).where(stillPlacing(checkoutId));
}
