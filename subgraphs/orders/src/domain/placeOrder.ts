import { inArray } from 'drizzle-orm';
import { Problems, refused, ok, type RequestContext, type Result, type UserError, logger } from '@zhongtai/kit';
import { checkouts, orders, type CheckoutRow } from '../db/tables.ts';
import { abandonCheckout, claimCheckout, failCheckout, recordHeldOrders } from './checkoutClaim.ts';
import { requestHash, validateCheckout, type PlaceOrderInput } from './checkoutInput.ts';
import { CHECKOUT_FAILED } from './checkoutRecovery.ts';
import { Holds } from './holds.ts';
import { priceAndQuote, type StaffPlacement } from './checkoutPricing.ts';
import { ordersToHold, takeHolds } from './checkoutHolds.ts';
import { saveCheckout, type PlacedCheckout } from './checkoutSave.ts';
import { requestDeadlineMs } from './config.ts';
import { assessCheckout, RISK_DENIED } from './riskCheck.ts';

/**
 * placeOrder: validate, claim the idempotency key, quote (catalog), price (marketing), quote
 * freight (fulfillment), risk (riskCheck.ts), record which shop orders will hold, hold stock, flash-sale
 * quantity, coupon and points, open the payment, then write the checkout and its shop orders in
 * one transaction. A refusal or a failure at any step gives back everything taken so far: nothing
 * stays reserved, locked or half-written. If the process dies half-way, the recovery job
 * (checkoutRecovery.ts) ends the checkout and gives back what it recorded.
 */
export async function placeOrder(ctx: RequestContext, raw: PlaceOrderInput, forMember?: StaffOrder): Promise<Result<PlacedCheckout>> {
  const memberId = forMember?.memberId ?? ctx.claims!.memberId!;
  const problems = new Problems();
  // STAFF names who placed it, not a client: only placeOrderForMember (forMember) sets it.
  problems.check(forMember !== undefined || raw.channel !== 'STAFF', ['input', 'channel'], 'INVALID', 'STAFF is for orders staff place for a member');
  const input = validateCheckout(raw, problems);
  if (!input) return problems.refuse();

  const claim = await claimCheckout(ctx, memberId, input.idempotencyKey, requestHash(input), {
    paymentMethod: input.paymentMethod ?? null,
    payerOpenId: input.payerOpenId ?? null,
  });
  if (claim.kind === 'conflict') {
    return problems.add(['input', 'idempotencyKey'], 'IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used for a different checkout').refuse();
  }
  if (claim.kind === 'existing') return outcomeOf(ctx, claim.checkout);

  const { checkoutId } = claim;
  const started = Date.now();
  const holds = new Holds(ctx, checkoutId);
  try {
    const result = await place(ctx, input, memberId, checkoutId, holds, forMember?.placedBy);
    if (!result.ok) {
      await holds.giveBack('checkout refused');
      await failCheckout(ctx, checkoutId, result.errors);
    }
    reportLate(ctx, checkoutId, started, result.ok);
    return result;
  } catch (error) {
    // The runtime logs the stack with the request id; this line ties the request to its checkout.
    logger(ctx).error('placeOrder failed', { checkoutId, ms: Date.now() - started, error: (error as Error).message });
    try {
      await holds.giveBack('checkout failed');
      await abandonCheckout(ctx, checkoutId);
    } catch (e) {
      // The row stays PLACING with its recorded holds: the recovery job gives them back.
      logger(ctx).error('giving back the holds of a checkout failed; the recovery job ends it', { checkoutId, error: e });
    }
    throw error;
  }
}

async function place(
  ctx: RequestContext,
  input: PlaceOrderInput,
  memberId: string,
  checkoutId: string,
  holds: Holds,
  placedBy?: StaffPlacement,
): Promise<Result<PlacedCheckout>> {
  const priced = await priceAndQuote(ctx, input, memberId, checkoutId);
  if (!priced.ok) return priced;
  priced.value.placedBy = placedBy ?? null;
  // 风控 Risk: the risk center assesses the priced checkout before anything is held. DENY is a
  // userError naming no rule; REVIEW places the orders ON_HOLD; no verdict in time places them as usual.
  const risk = await assessCheckout(ctx, priced.value);
  if (risk === 'DENY') return refused([RISK_DENIED]);
  if (!(await recordHeldOrders(ctx, checkoutId, ordersToHold(priced.value)))) return endedMeanwhile(ctx, checkoutId);
  const held = await takeHolds(ctx, priced.value, memberId, checkoutId, holds);
  if (!held.ok) return held;
  const placed = await saveCheckout(ctx, priced.value, held.value);
  return placed ?? endedMeanwhile(ctx, checkoutId);
}

/** The recovery job ended the checkout while this request ran past its deadline: its answer stands. */
async function endedMeanwhile(ctx: RequestContext, checkoutId: string): Promise<Result<PlacedCheckout>> {
  const [checkout] = await ctx.db
    .select()
    .from(checkouts)
    .where(inArray(checkouts.id, [checkoutId]));
  logger(ctx).error('the recovery job ended the checkout before this request finished', { checkoutId, status: checkout?.status });
  if (checkout?.status === 'PLACED') return outcomeOf(ctx, checkout);
  return refused(((checkout?.failure as UserError[] | null) ?? [CHECKOUT_FAILED]) as never);
}

/**
 * Past the deadline the gateway has already answered INTERNAL_SERVER_ERROR: the customer does not
 * know this order exists unless they retry the key or ask checkoutByIdempotencyKey.
 */
function reportLate(ctx: RequestContext, checkoutId: string, started: number, placed: boolean): void {
  const took = Date.now() - started;
  if (took <= requestDeadlineMs()) return;
  logger(ctx).error('checkout finished past the request deadline: the client was likely told it failed', {
    checkoutId,
    outcome: placed ? 'placed' : 'refused',
    ms: took,
    deadlineMs: requestDeadlineMs(),
  });
}

/** 代客下单 (staffOrders.ts): the member the order is for and the staff member placing it. */
export interface StaffOrder {
  memberId: string;
  placedBy: StaffPlacement;
}

export const CHECKOUT_IN_PROGRESS: UserError = {
  field: ['input', 'idempotencyKey'],
  code: 'CHECKOUT_IN_PROGRESS',
  message: 'A checkout with this key is still being placed; retry the same key (or ask checkoutByIdempotencyKey) in a few seconds',
};

/** What a retry with the same key gets: the placed checkout, the same refusal, or "still placing". */
export async function outcomeOf(ctx: RequestContext, checkout: CheckoutRow): Promise<Result<PlacedCheckout>> {
  if (checkout.status === 'FAILED') return refused((checkout.failure ?? [CHECKOUT_FAILED]) as never);
  if (checkout.status === 'PLACING') return refused([CHECKOUT_IN_PROGRESS]);
  const [fresh] = await ctx.db
    .select()
    .from(checkouts)
    .where(inArray(checkouts.id, [checkout.id]));
  const shopOrders = await ctx.db
    .select()
    .from(orders)
    .where(inArray(orders.checkoutId, [checkout.id]));
  return ok({ checkout: fresh!, orders: shopOrders.sort((a, b) => a.id.localeCompare(b.id)) });
}
