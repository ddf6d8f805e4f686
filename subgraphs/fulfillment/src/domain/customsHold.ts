import { and, eq, sql } from 'drizzle-orm';
import type { EventEnvelope, RequestContext } from '@zhongtai/kit';
import { customsClearances, shippingNotices } from '../db/tables.ts';
import { REQUEST_OUTBOUND_JOB } from './outboundJob.ts';

/**
 * 跨境: a cross-border order's notices are written held (OrderPaid says customsHold) and wait for
 * customs: no outbound order is asked of the warehouse and a supplier cannot ship them. Customs'
 * clearance (CustomsCleared, from orders) releases them; a rejection cancels the order, and its
 * OrderCancelled cancels the notices as for any cancelled order.
 */
export async function awaitsCustoms(ctx: RequestContext, orderId: string, customsHold: boolean | undefined): Promise<boolean> {
  if (!customsHold) return false;
  await lockOrderCustoms(ctx, orderId);
  const [cleared] = await ctx.db.select().from(customsClearances).where(eq(customsClearances.orderId, orderId));
  return !cleared;
}

/** CustomsCleared: remembered, and the held notices of the order are released to the warehouse. */
export async function releaseCleared(ctx: RequestContext, event: EventEnvelope<'CustomsCleared'>): Promise<void> {
  const { orderId, clearedAt } = event.payload;
  await lockOrderCustoms(ctx, orderId);
  await ctx.db
    .insert(customsClearances)
    .values({ orderId, clearedAt: new Date(clearedAt) })
    .onConflictDoNothing();
  const released = await ctx.db
    .update(shippingNotices)
    .set({ customsHold: false, updatedAt: ctx.now() })
    .where(and(eq(shippingNotices.orderId, orderId), eq(shippingNotices.customsHold, true)))
    .returning();
  for (const notice of released)
    if (notice.kind === 'WAREHOUSE' && notice.status !== 'CANCELLED')
      await ctx.events.schedule(ctx.db, REQUEST_OUTBOUND_JOB, { shippingNoticeId: notice.id }, { singletonKey: `outbound-${notice.id}` });
}

/**
 * OrderPaid's handler (which writes the notices, held unless the clearance is known) and
 * CustomsCleared's (which records the clearance and releases held notices) take this lock for the
 * order in their transactions: run at the same time, the clearance would otherwise find no notice
 * yet to release while the notices were written held, not seeing the clearance, and wait forever.
 * Whichever comes second sees what the first committed.
 */
async function lockOrderCustoms(ctx: RequestContext, orderId: string): Promise<void> {
  await ctx.db.execute(sql`select pg_advisory_xact_lock(hashtext(${`fulfillment.customs:${orderId}`}))`);
}

export const CUSTOMS_HOLD_MESSAGE = 'The order waits for customs clearance: it ships once customs clears it';
