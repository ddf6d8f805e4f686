import { asc, eq } from 'drizzle-orm';
import { isId, newId, ok, Problems, requiredText, type RequestContext, type Result, assertCan, rowsByParent } from '@zhongtai/kit';
import { orderTenancy } from './tenancy.ts';
import { orderRemarks, orders, type OrderRemarkRow, type OrderRow } from '../db/tables.ts';
import { ORDER_ID_PREFIX, REMARK_ID_PREFIX } from './ids.ts';

export const MAX_REMARK_LENGTH = 1000;

/** 商家备注: the shop's merchant or an operator notes something on an order (any status). */
export async function addOrderRemark(
  ctx: RequestContext,
  input: { orderId: string; text: string },
): Promise<Result<{ order: OrderRow; remark: OrderRemarkRow }>> {
  const problems = new Problems();
  const text = requiredText(problems, input.text, ['input', 'text'], 'Remark', MAX_REMARK_LENGTH);
  if (!isId(ORDER_ID_PREFIX, input.orderId)) problems.add(['input', 'orderId'], 'INVALID_ID', `"${input.orderId}" is not an order id`);
  if (problems.any || !text) return problems.refuse();
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, input.orderId));
  if (!order) return problems.add(['input', 'orderId'], 'NOT_FOUND', `Order ${input.orderId} not found`).refuse();
  assertCan(ctx, orderTenancy, order, 'manage');
  const [remark] = await ctx.db
    .insert(orderRemarks)
    .values({ id: newId(REMARK_ID_PREFIX), orderId: order.id, text, actor: ctx.claims!.subject })
    .returning();
  return ok({ order, remark: remark! });
}

/** Batched for a page of orders; the field is for operators and merchants only (see the SDL). */
export function remarksOf(ctx: RequestContext, orderId: string): Promise<OrderRemarkRow[]> {
  return rowsByParent(
    ctx,
    'orders.remarks',
    orderRemarks,
    { parent: orderRemarks.orderId, orderBy: [asc(orderRemarks.createdAt), asc(orderRemarks.id)] },
    orderId,
  );
}
