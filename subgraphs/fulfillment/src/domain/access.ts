import { canAccessShop, type RequestContext } from '@zhongtai/kit';

/**
 * Who may read a notice, shipment or voucher: the shop's side through the kit's scoping, and the
 * customer the order belongs to (CUSTOMER tokens carry a memberId).
 */
export function canReadDelivery(ctx: RequestContext, row: { shopId: string; memberId: string }): boolean {
  if (ctx.claims?.role === 'CUSTOMER') return ctx.claims.memberId === row.memberId;
  return canAccessShop(ctx, row.shopId, 'read');
}
