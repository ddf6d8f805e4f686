import { and, eq, isNotNull } from 'drizzle-orm';
import { membersService, type Db, type RequestContext } from '@zhongtai/kit';
import { orderEdits } from '../../db/editTables.ts';

export const RETURN_EDIT_POINTS_JOB = 'returnEditPoints';

/**
 * 积分 capped: the edited cart can use fewer points than the checkout spent, so the difference
 * goes back to the member, once per edit (keyed by the edit: the members center's partial return
 * of spent points, the one after-sales uses for refunded units).
 */
export async function returnEditPoints(ctx: RequestContext, data: { editId: string; memberId: string; checkoutId: string; points: number }): Promise<void> {
  const { reverseAfterSalePoints } = await ctx.services.call(membersService.reverseAfterSalePoints, {
    input: { key: data.editId, memberId: data.memberId, orderId: data.checkoutId, refundedPart: '0', paidWhole: '0', returnPoints: data.points },
  });
  if (!reverseAfterSalePoints.points)
    throw new Error(`returning the points of edit ${data.editId} failed: ${JSON.stringify(reverseAfterSalePoints.userErrors)}`);
}

/**
 * Whether edits already gave back part of the checkout's points: then what is left is returned
 * by the same keyed partial return when the checkout ends, not by refundPoints (which would give
 * back the whole first spend again).
 */
export async function editsReturnedPoints(db: Db, checkoutId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: orderEdits.id })
    .from(orderEdits)
    .where(and(eq(orderEdits.checkoutId, checkoutId), eq(orderEdits.status, 'APPLIED'), isNotNull(orderEdits.pointsAfter)))
    .limit(1);
  return Boolean(row);
}

/** The checkout ended after an edit returned some of its points: the rest comes back, once. */
export async function returnRemainingPoints(ctx: RequestContext, checkout: { id: string; memberId: string; pointsUsed: number }): Promise<void> {
  if (checkout.pointsUsed <= 0) return;
  await returnEditPoints(ctx, { editId: `end:${checkout.id}`, memberId: checkout.memberId, checkoutId: checkout.id, points: checkout.pointsUsed });
}
