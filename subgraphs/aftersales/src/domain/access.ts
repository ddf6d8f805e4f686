import { eq, type SQL } from 'drizzle-orm';
import { assertShopAccess, assertShopOrMemberAccess, forbidden, shopCondition, type RequestContext } from '@zhongtai/kit';
import { afterSaleRequests, type AfterSaleRequestRow } from '../db/tables.ts';

/**
 * Who may see and act on a request, in one file so the tenancy rules of this center read in one
 * place: a request belongs to its customer (the member) and to the shop it was filed with.
 */

/** Reading a request: its customer, the shop's staff, operators and analysts. */
export function assertCanRead(ctx: RequestContext, row: AfterSaleRequestRow): void {
  assertShopOrMemberAccess(ctx, row, 'read');
}

export function canRead(ctx: RequestContext, row: AfterSaleRequestRow): boolean {
  try {
    assertCanRead(ctx, row);
    return true;
  } catch {
    return false;
  }
}

/** The customer's own steps (file, cancel, escalate, send the parcel back): their request only. */
export function assertOwnCustomer(ctx: RequestContext, memberId: string): void {
  if (ctx.claims?.role !== 'CUSTOMER' || ctx.claims.memberId !== memberId) throw forbidden('This belongs to another customer');
}

/** A decision on a request: the shop's staff (write) or an operator. */
export function assertCanDecide(ctx: RequestContext, row: AfterSaleRequestRow): void {
  assertShopAccess(ctx, row.shopId, 'write');
}

/** The platform's final word on an escalation: operators only. */
export function assertOperator(ctx: RequestContext): void {
  if (ctx.claims?.role !== 'ADMIN') throw forbidden('Only the platform decides an escalated request');
}

/** The WHERE of a staff list: a merchant's own shop (another shop asked for is FORBIDDEN), everything for the platform. */
export function staffListCondition(ctx: RequestContext, requestedShop?: string | null): SQL | undefined {
  return shopCondition(ctx, afterSaleRequests.shopId, requestedShop);
}

/** The WHERE of the signed-in customer's own list. */
export function customerListCondition(ctx: RequestContext): SQL {
  if (ctx.claims?.role !== 'CUSTOMER' || !ctx.claims.memberId) throw forbidden('Only a customer has their own requests');
  return eq(afterSaleRequests.memberId, ctx.claims.memberId);
}
