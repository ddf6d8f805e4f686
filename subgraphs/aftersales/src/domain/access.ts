import { eq, type SQL } from 'drizzle-orm';
import { assertCan, assertPlatform, callerMember, can, forbidden, scopedWhere, type RequestContext } from '@zhongtai/kit';
import { afterSaleRequests, type AfterSaleRequestRow } from '../db/tables.ts';
import { afterSaleRequestTenancy } from './tenancy.ts';

/** Who may see and act on a request, on the declaration in tenancy.ts. */

/** Reading a request: its customer, the shop's staff, operators and analysts. */
export function assertCanRead(ctx: RequestContext, row: AfterSaleRequestRow): void {
  assertCan(ctx, afterSaleRequestTenancy, row, 'read');
}

export function canRead(ctx: RequestContext, row: AfterSaleRequestRow): boolean {
  return can(ctx, afterSaleRequestTenancy, row, 'read');
}

/** The customer's own steps (file, cancel, escalate, send the parcel back): their request only. */
export function assertOwnCustomer(ctx: RequestContext, memberId: string): void {
  if (callerMember(ctx, afterSaleRequestTenancy) !== memberId) throw forbidden('This belongs to another customer');
}

/** A decision on a request: the shop's staff (write) or an operator. */
export function assertCanDecide(ctx: RequestContext, row: AfterSaleRequestRow): void {
  assertCan(ctx, afterSaleRequestTenancy, row, 'write');
}

/** The platform's final word on an escalation: operators only. */
export function assertOperator(ctx: RequestContext): void {
  assertPlatform(ctx, 'Only the platform decides an escalated request');
}

/** The WHERE of a staff list: a merchant's own shop (another shop asked for is FORBIDDEN), everything for the platform. */
export function staffListCondition(ctx: RequestContext, requestedShop?: string | null): SQL | undefined {
  return scopedWhere(ctx, afterSaleRequestTenancy, { shopId: requestedShop });
}

/** The WHERE of the signed-in customer's own list. */
export function customerListCondition(ctx: RequestContext): SQL {
  return eq(afterSaleRequests.memberId, callerMember(ctx, afterSaleRequestTenancy));
}
