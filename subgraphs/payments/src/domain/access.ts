import { forbidden, unauthenticated, type RequestContext } from '@zhongtai/kit';
import type { PaymentRow } from '../db/tables.ts';

/**
 * Who may read a payment. Operators, analysts and centers: any. A customer: their own only.
 * A merchant never lists payments; it reaches one only through an order the order center has
 * already scoped to its shop (Order.payments), so a reference resolves for it.
 */
export function canSeePayment(ctx: RequestContext, payment: PaymentRow, via: 'query' | 'reference'): boolean {
  const claims = ctx.claims;
  if (!claims) return false;
  switch (claims.role) {
    case 'ADMIN':
    case 'ANALYST':
    case 'SERVICE':
      return true;
    case 'CUSTOMER':
      return claims.memberId !== null && claims.memberId === payment.memberId;
    case 'MERCHANT':
      return via === 'reference';
    default:
      return false;
  }
}

export function assertCanSeePayment(ctx: RequestContext, payment: PaymentRow): void {
  if (!ctx.claims) throw unauthenticated();
  if (!canSeePayment(ctx, payment, 'query')) throw forbidden('This payment is not yours');
}

/** The member a CUSTOMER token names; anything else is refused. */
export function customerMemberId(ctx: RequestContext): string {
  if (!ctx.claims) throw unauthenticated();
  if (ctx.claims.role !== 'CUSTOMER' || !ctx.claims.memberId) throw forbidden('Only a signed-in customer has payments of their own');
  return ctx.claims.memberId;
}
