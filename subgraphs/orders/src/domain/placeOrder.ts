import { inArray } from 'drizzle-orm';
import { Problems, refused, ok, type RequestContext, type Result } from '@zhongtai/kit';
import { checkouts, orders, type CheckoutRow, type OrderRow } from '../db/tables.ts';
import { abandonCheckout, claimCheckout, failCheckout } from './checkoutClaim.ts';
import { requestHash, validateCheckout, type PlaceOrderInput } from './checkoutInput.ts';
import { Holds } from './holds.ts';
import { priceAndQuote } from './checkoutPricing.ts';
import { takeHolds } from './checkoutHolds.ts';
import { saveCheckout } from './checkoutSave.ts';

export interface PlacedCheckout {
  checkout: CheckoutRow;
  orders: OrderRow[];
}

/**
 * placeOrder: validate, claim the idempotency key, quote (catalog), price (marketing), quote
 * freight (fulfillment), [risk], hold stock, flash-sale quantity, coupon and points, open the
 * payment, then write the checkout and its shop orders in one transaction. A refusal or a failure
 * at any step gives back everything taken so far: nothing stays reserved, locked or half-written.
 */
export async function placeOrder(ctx: RequestContext, raw: PlaceOrderInput): Promise<Result<PlacedCheckout>> {
  const memberId = ctx.claims!.memberId!;
  const problems = new Problems();
  const input = validateCheckout(raw, problems);
  if (!input) return problems.refuse();

  const claim = await claimCheckout(ctx, memberId, input.idempotencyKey, requestHash(input));
  if (claim.kind === 'conflict') {
    return problems.add(['input', 'idempotencyKey'], 'IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used for a different checkout').refuse();
  }
  if (claim.kind === 'existing') return outcomeOf(ctx, claim.checkout);

  const holds = new Holds(ctx, claim.checkoutId);
  try {
    const result = await place(ctx, input, memberId, claim.checkoutId, holds);
    if (!result.ok) {
      await holds.giveBack('checkout refused');
      await failCheckout(ctx, claim.checkoutId, result.errors);
    }
    return result;
  } catch (error) {
    await holds.giveBack('checkout failed').catch((e) => console.error(`[orders] giving back holds of ${claim.checkoutId} failed:`, e));
    await abandonCheckout(ctx, claim.checkoutId);
    throw error;
  }
}

async function place(ctx: RequestContext, input: PlaceOrderInput, memberId: string, checkoutId: string, holds: Holds): Promise<Result<PlacedCheckout>> {
  const priced = await priceAndQuote(ctx, input, memberId, checkoutId);
  if (!priced.ok) return priced;
  // 风控 Risk: the risk center assesses the priced checkout here, before anything is held. A
  // rejection becomes a userError; a "review" verdict would place the order on hold.
  const held = await takeHolds(ctx, priced.value, memberId, checkoutId, holds);
  if (!held.ok) return held;
  return ok(await saveCheckout(ctx, priced.value, held.value));
}

/** What a retry with the same key gets: the placed checkout, or the same refusal. */
async function outcomeOf(ctx: RequestContext, checkout: CheckoutRow): Promise<Result<PlacedCheckout>> {
  if (checkout.status === 'FAILED') return refused((checkout.failure ?? []) as never);
  if (checkout.status === 'PLACING') {
    return refused([{ field: ['input', 'idempotencyKey'], code: 'IDEMPOTENCY_KEY_REUSED', message: 'A checkout with this key is still being placed; retry shortly' }]);
  }
  const [fresh] = await ctx.db.select().from(checkouts).where(inArray(checkouts.id, [checkout.id]));
  const shopOrders = await ctx.db.select().from(orders).where(inArray(orders.checkoutId, [checkout.id]));
  return ok({ checkout: fresh!, orders: shopOrders.sort((a, b) => a.id.localeCompare(b.id)) });
}
