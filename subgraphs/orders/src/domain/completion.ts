import { eq } from 'drizzle-orm';
import { can, isId, Problems, type EventCatalog, type RequestContext, type Result } from '@zhongtai/kit';
import { orders, type OrderRow } from '../db/tables.ts';
import { NotDueYet } from './cancellation.ts';
import { orderTimers } from './config.ts';
import { ORDER_ID_PREFIX } from './ids.ts';
import { transition } from './stateMachine.ts';
import { orderTenancy } from './tenancy.ts';

/** The customer confirms receipt of their delivered order. */
export async function confirmReceipt(ctx: RequestContext, input: { orderId: string }): Promise<Result<OrderRow>> {
  const problems = new Problems();
  if (!isId(ORDER_ID_PREFIX, input.orderId)) return problems.add(['input', 'orderId'], 'INVALID_ID', `"${input.orderId}" is not an order id`).refuse();
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, input.orderId));
  // Another buyer's order is not found, as if it did not exist (the mutation is the customer's only).
  if (!order || !can(ctx, orderTenancy, order, 'write')) return problems.add(['input', 'orderId'], 'NOT_FOUND', `Order ${input.orderId} not found`).refuse();
  return complete(ctx, order, 'confirmed by the customer');
}

/**
 * The confirmation window passed: a still-delivered order completes on its own. `dueAt` is when
 * the window ends (jobs queued before it was recorded have none: due); an early run throws so
 * that the queue retries it.
 */
export async function autoConfirm(ctx: RequestContext, orderId: string, dueAt?: Date): Promise<void> {
  if (dueAt && dueAt > ctx.now()) throw new NotDueYet(`order ${orderId} is confirmed automatically from ${dueAt.toISOString()}`);
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, orderId));
  if (order?.status === 'DELIVERED') await complete(ctx, order, `confirmed automatically after ${orderTimers().autoConfirmSeconds} s`);
}

/**
 * A service is done when the shop honours it: once every voucher of a delivered order is redeemed,
 * the order completes without waiting for the confirmation window. In the event's transaction.
 */
export async function completeWhenRedeemed(ctx: RequestContext, event: EventCatalog['ServiceVoucherRedeemed']): Promise<void> {
  if (!event.allRedeemed) return;
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, event.orderId));
  if (order?.status === 'DELIVERED') await transition(ctx, ctx.db, order, 'COMPLETED', 'all service vouchers redeemed');
}

function complete(ctx: RequestContext, order: OrderRow, reason: string): Promise<Result<OrderRow>> {
  return ctx.db.transaction(async (tx) => {
    // OrderCompleted goes out with the change; members credits the points from it.
    return transition(ctx, tx, order, 'COMPLETED', reason);
  });
}
