import { eq, sql } from 'drizzle-orm';
import { isUniqueViolation, newId, type RequestContext, type UserError } from '@zhongtai/kit';
import { checkouts, type CheckoutRow } from '../db/tables.ts';

export const CHECKOUT_ID_PREFIX = 'chk';

export type Claim = { kind: 'claimed'; checkoutId: string } | { kind: 'existing'; checkout: CheckoutRow } | { kind: 'conflict' };

const WAIT_MS = 30_000;

/**
 * Takes the idempotency key before anything is held: of ten concurrent requests with one key,
 * one inserts the PLACING row and places the order; the others find it, wait for its outcome
 * and return the same checkout (or the same refusal). A key reused for another cart is refused.
 */
export async function claimCheckout(ctx: RequestContext, memberId: string, idempotencyKey: string, requestHash: string): Promise<Claim> {
  const checkoutId = newId(CHECKOUT_ID_PREFIX);
  try {
    await ctx.db.insert(checkouts).values({ id: checkoutId, memberId, idempotencyKey, requestHash });
    return { kind: 'claimed', checkoutId };
  } catch (error) {
    if (!isUniqueViolation(error, 'checkouts_idempotency_key')) throw error;
  }
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const [existing] = await ctx.db.select().from(checkouts).where(keyOf(memberId, idempotencyKey));
    if (!existing) return claimCheckout(ctx, memberId, idempotencyKey, requestHash); // the holder gave up
    if (existing.requestHash !== requestHash) return { kind: 'conflict' };
    if (existing.status !== 'PLACING' || Date.now() > deadline) return { kind: 'existing', checkout: existing };
    await new Promise((r) => setTimeout(r, 100));
  }
}

function keyOf(memberId: string, idempotencyKey: string) {
  return sql`${checkouts.memberId} = ${memberId} and ${checkouts.idempotencyKey} = ${idempotencyKey}`;
}

/** A business refusal is the answer for this key, also for its retries. */
export async function failCheckout(ctx: RequestContext, checkoutId: string, errors: UserError[]): Promise<void> {
  await ctx.db.update(checkouts).set({ status: 'FAILED', failure: errors, updatedAt: new Date() }).where(eq(checkouts.id, checkoutId));
}

/** An unexpected failure frees the key: a retry places the order afresh. */
export async function abandonCheckout(ctx: RequestContext, checkoutId: string): Promise<void> {
  await ctx.db.delete(checkouts).where(eq(checkouts.id, checkoutId));
}
