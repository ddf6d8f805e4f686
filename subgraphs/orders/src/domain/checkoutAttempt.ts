import type { RequestContext, UserError } from '@zhongtai/kit';
import type { CheckoutRow } from '../db/tables.ts';
import { checkoutByKey } from './checkoutClaim.ts';
import { CHECKOUT_FAILED } from './checkoutRecovery.ts';

export interface CheckoutAttempt {
  idempotencyKey: string;
  status: CheckoutRow['status'];
  checkout: CheckoutRow | null;
  userErrors: UserError[];
}

/**
 * A client whose placeOrder timed out learns here whether its order exists. Only the caller's
 * own keys: another member's key of the same text is a different checkout.
 */
export async function checkoutAttempt(ctx: RequestContext, key: string): Promise<CheckoutAttempt | null> {
  const memberId = ctx.claims?.memberId;
  if (!memberId) return null;
  const row = await checkoutByKey(ctx, memberId, key.trim());
  if (!row) return null;
  return {
    idempotencyKey: row.idempotencyKey,
    status: row.status,
    checkout: row.status === 'PLACED' ? row : null,
    userErrors: row.status === 'FAILED' ? ((row.failure as UserError[] | null) ?? [CHECKOUT_FAILED]) : [],
  };
}
