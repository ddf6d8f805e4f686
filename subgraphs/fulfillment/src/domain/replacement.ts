import { and, asc, eq, isNull } from 'drizzle-orm';
import { fulfillmentService, isUniqueViolation, newId, ok, Problems, requiredText, type RequestContext, type Result } from '@zhongtai/kit';
import { shippingNoticeLines, shippingNotices, type ShippingNoticeRow } from '../db/tables.ts';
import { noticeDueBy, noticeQueueKey } from './attention.ts';
import { REQUEST_OUTBOUND_JOB } from './dispatch.ts';
import { NOTICE_ID_PREFIX, NOTICE_LINE_ID_PREFIX } from './ids.ts';
import { currentAddress } from './readdress.ts';

async function byKey(ctx: RequestContext, key: string): Promise<ShippingNoticeRow | null> {
  const [row] = await ctx.db.select().from(shippingNotices).where(eq(shippingNotices.replacementFor, key));
  return row ?? null;
}

/**
 * 换货: the replacement parcel of an exchange, a notice of its own for the order (the shop,
 * member and address of the order's first notice; the address as last changed), keyed by the
 * after-sale request, whose id also holds the replacement's stock reservation in inventory. The
 * warehouse ships it like any notice; its ShipmentShipped says `replacementFor`. Once per key.
 */
export async function dispatchReplacement(ctx: RequestContext, input: fulfillmentService.DispatchReplacementInput): Promise<Result<ShippingNoticeRow>> {
  const problems = new Problems();
  const key = requiredText(problems, input.key, ['input', 'key'], 'Key', 100);
  problems.check(Number.isInteger(input.quantity) && input.quantity > 0, ['input', 'quantity'], 'OUT_OF_RANGE', 'Send at least one unit');
  if (problems.any || !key) return problems.refuse();
  const existing = await byKey(ctx, key);
  if (existing) return ok(existing);
  const [original] = await ctx.db
    .select()
    .from(shippingNotices)
    .where(and(eq(shippingNotices.orderId, input.orderId), isNull(shippingNotices.replacementFor)))
    .orderBy(asc(shippingNotices.createdAt))
    .limit(1);
  if (!original) return problems.add(['input', 'orderId'], 'NOT_FOUND', 'The order was never dispatched').refuse();
  const address = await currentAddress(ctx, input.orderId, original.address);
  const id = newId(NOTICE_ID_PREFIX);
  const now = ctx.now();
  const dueBy = noticeDueBy(now);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [notice] = await tx
        .insert(shippingNotices)
        .values({
          id,
          orderId: input.orderId,
          shopId: original.shopId,
          memberId: original.memberId,
          kind: 'WAREHOUSE',
          warehouseId: input.warehouseId,
          address,
          paidAt: original.paidAt,
          dueBy,
          queueKey: noticeQueueKey('PENDING', dueBy),
          replacementFor: key,
        })
        .returning();
      await tx
        .insert(shippingNoticeLines)
        .values({ id: newId(NOTICE_LINE_ID_PREFIX), noticeId: id, orderLineId: input.orderLineId, skuId: input.skuId, quantity: input.quantity });
      await ctx.events.schedule(tx, REQUEST_OUTBOUND_JOB, { shippingNoticeId: id }, { singletonKey: `outbound-${id}` });
      if (!notice) throw new Error('insert returned no row');
      return ok(notice);
    });
  } catch (error) {
    // The same request dispatched concurrently: the other call's notice is the one.
    const winner = isUniqueViolation(error, 'shipping_notices_source_key') ? await byKey(ctx, key) : null;
    if (!winner) throw error;
    return ok(winner);
  }
}
