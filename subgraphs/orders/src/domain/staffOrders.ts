import { catalogService, isId, unauthenticated, membersService, Problems, requiredText, shopForWrite, type RequestContext, type Result } from '@zhongtai/kit';
import type { PlaceOrderInput } from './checkoutInput.ts';
import type { PlacedCheckout } from './checkoutSave.ts';
import { placeOrder } from './placeOrder.ts';
import { SKU_ID_PREFIX } from './ids.ts';
import { orderTenancy } from './tenancy.ts';

export interface PlaceOrderForMemberInput extends PlaceOrderInput {
  memberId: string;
  reason: string;
}

/**
 * 代客下单: an operator, or a merchant for its own shop, places an order for a member, with a
 * reason. Everything else is placeOrder's (pricing, the member's coupon and points, risk as for
 * the member's own order, the same idempotency rules under the member's keys); the checkout records
 * who placed it. A merchant naming a SKU of another shop is FORBIDDEN before anything is written.
 */
export async function placeOrderForMember(ctx: RequestContext, input: PlaceOrderForMemberInput): Promise<Result<PlacedCheckout>> {
  const problems = new Problems();
  const reason = requiredText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  problems.check(isId(membersService.MEMBER_ID_PREFIX, input.memberId), ['input', 'memberId'], 'INVALID_ID', `"${input.memberId}" is not a member id`);
  if (problems.any || !reason) return problems.refuse();
  await assertOwnShops(ctx, input.lines);
  const { memberId: _m, reason: _r, ...checkout } = input;
  const claims = ctx.claims;
  if (!claims) throw unauthenticated();
  return placeOrder(
    ctx,
    { ...checkout, channel: 'STAFF' },
    {
      memberId: input.memberId,
      placedBy: {
        staffId: claims.staffId ?? claims.subject,
        role: claims.role === 'MERCHANT' ? 'MERCHANT' : 'ADMIN',
        staffShopId: claims.shopId,
        reason,
      },
    },
  );
}

/** Every shop the lines sell from must be one the caller may write orders for (the kit decides: a merchant its own). */
async function assertOwnShops(ctx: RequestContext, lines: PlaceOrderInput['lines']): Promise<void> {
  const ids = lines.map((l) => l.skuId).filter((id) => isId(SKU_ID_PREFIX, id));
  if (!ids.length) return;
  const { quoteSkus } = await ctx.services.call(catalogService.quoteSkus, { ids });
  for (const shopId of new Set(quoteSkus.map((q) => q.shopId))) shopForWrite(ctx, orderTenancy, shopId);
}
