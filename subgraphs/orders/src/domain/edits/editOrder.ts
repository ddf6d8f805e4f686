import { eq, inArray } from 'drizzle-orm';
import { assertCan, existing, forbidden, logger, ok, Problems, refused, type RequestContext, type Result } from '@zhongtai/kit';
import { type OrderEditChange, type OrderEditRow } from '../../db/editTables.ts';
import { checkouts, orderLines, orders, serviceSlotHolds, type CheckoutRow, type OrderLineRow, type OrderRow } from '../../db/tables.ts';
import { closeCheckoutPayment, openRepricedPayment, unpaidOrdersOf } from '../checkoutReprice.ts';
import { placementOf } from '../staffPlacement.ts';
import { orderTenancy } from '../tenancy.ts';
import { abandonEdit, claimEdit, EDIT_IN_PROGRESS, editByKey, failEdit } from './claim.ts';
import { editHash, validateEdit, type EditOrderInput } from './input.ts';
import { repriceCheckout } from './pricing.ts';
import { StockChanges } from './stock.ts';
import { EditLost, writeEdit } from './write.ts';

export interface EditedOrder {
  order: OrderRow;
  checkout: CheckoutRow;
}

const PAID_STATUSES = new Set(['PAID', 'SHIPPED', 'DELIVERED', 'COMPLETED']);

/**
 * 改单 before payment: the customer (own order), an operator, or the merchant that placed the
 * order for the member changes a line's quantity or removes a line. In order, each step able to
 * refuse with nothing changed: the key is claimed (one edit of an order at a time), the checkout
 * is repriced (coupon, points cap, freight), stock is resized (OUT_OF_STOCK), the pending payment
 * is closed (already paid: refused, after-sales it is), the order is written, and a payment for
 * the new amount is opened. A refusal after the stock step puts the stock back.
 */
export async function editOrder(ctx: RequestContext, raw: EditOrderInput): Promise<Result<EditedOrder>> {
  const problems = new Problems();
  const input = validateEdit(raw, problems);
  if (!input) return problems.refuse();
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, input.orderId));
  if (!order) return problems.add(['input', 'orderId'], 'NOT_FOUND', `Order ${input.orderId} not found`).refuse();
  assertCan(ctx, orderTenancy, order, 'write');
  await assertMayEdit(ctx, order);
  // 跨境: its tax, limits and counted value were settled at placing; cancel it and place it again instead.
  if (order.crossBorderMode)
    return problems.add(['input', 'orderId'], 'INVALID', 'A cross-border order cannot be edited: cancel it and place a new one').refuse();
  // A retry of a known key answers as the first call did, whatever the order looks like now.
  const known = await editByKey(ctx, order.id, input.idempotencyKey);
  const changes = known ? known.changes : await acceptedChanges(ctx, order, input, problems);
  if (!changes) return problems.refuse();

  const claim = await claimEdit(ctx, order, input.idempotencyKey, editHash(input), changes);
  if (claim.kind === 'busy') return refused([EDIT_IN_PROGRESS]);
  if (claim.kind === 'conflict')
    return problems.add(['input', 'idempotencyKey'], 'IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used for a different change of this order').refuse();
  if (claim.kind === 'existing') return outcomeOf(ctx, claim.edit);

  const { edit } = claim;
  const stock = new StockChanges(ctx, edit.id, order.id);
  const progress: Progress = { paymentClosed: false, written: false };
  try {
    const result = await apply(ctx, edit, order, changes, stock, progress);
    if (!result.ok) {
      await stock.putBack();
      if (progress.paymentClosed) await reopenPayment(ctx, order.checkoutId, edit.id);
      await failEdit(ctx, edit.id, result.errors);
    }
    return result;
  } catch (error) {
    logger(ctx).error('editOrder failed', { editId: edit.id, orderId: order.id, written: progress.written, error: (error as Error).message });
    try {
      // Once written, the edit stands (its stock included); only the payment may be missing.
      if (!progress.written) await stock.putBack();
      if (progress.paymentClosed) await reopenPayment(ctx, order.checkoutId, edit.id);
      await abandonEdit(ctx, edit.id);
    } catch (undo) {
      // Nothing retries this: the edit row stays APPLYING (the order takes no other edit) and the log says what is left.
      logger(ctx).error('undoing a failed order edit failed', { editId: edit.id, orderId: order.id, progress, error: (undo as Error).message });
    }
    throw error;
  }
}

async function apply(
  ctx: RequestContext,
  edit: OrderEditRow,
  order: OrderRow,
  changes: OrderEditChange[],
  stock: StockChanges,
  progress: Progress,
): Promise<Result<EditedOrder>> {
  const [checkout] = await ctx.db.select().from(checkouts).where(eq(checkouts.id, order.checkoutId));
  const unpaidOrders = await unpaidOrdersOf(ctx.db, order.checkoutId);
  if (!checkout || !unpaidOrders.some((o) => o.id === order.id)) return refused([NOT_UNPAID]);
  const allLines = await ctx.db
    .select()
    .from(orderLines)
    .where(
      inArray(
        orderLines.orderId,
        unpaidOrders.map((o) => o.id),
      ),
    );
  const changed = new Map(changes.map((c) => [c.orderLineId, c]));
  const quantityOf = (l: OrderLineRow) => changed.get(l.id)?.to ?? l.quantity;
  const unpaid = unpaidOrders.map((o) => ({ order: o, lines: allLines.filter((l) => l.orderId === o.id) }));
  const priced = await repriceCheckout(ctx, checkout, unpaid, quantityOf);
  if (!priced.ok) return priced;

  // More units first (they may be refused), fewer only once the edit can no longer be refused
  // for another reason: giving back units is then never undone (another order may take them).
  const lineById = new Map(allLines.map((l) => [l.id, l]));
  // 代发 and services hold no warehouse stock.
  const stocked = changes
    .map((change, index) => ({ change, index, line: existing(lineById.get(change.orderLineId), 'OrderLine', change.orderLineId) }))
    .filter((c) => c.line.warehouseId);
  for (const { change, index, line } of stocked.filter((c) => c.change.to > c.change.from)) {
    const resized = await stock.resize(line, change.to, index);
    if (!resized.ok) return resized;
  }
  if ((await closeCheckoutPayment(ctx, checkout.id)) === 'paid') return refused([PAID_MEANWHILE]);
  progress.paymentClosed = true;
  for (const { change, index, line } of stocked.filter((c) => c.change.to < c.change.from)) {
    const resized = await stock.resize(line, change.to, index);
    if (!resized.ok) return resized;
  }
  const written = await writeEdit(ctx, edit, checkout, priced.value).catch((error: unknown) => {
    if (error instanceof EditLost) return null;
    throw error;
  });
  if (!written) return refused([NOT_UNPAID]);
  progress.written = true;
  const reopened = await openRepricedPayment(ctx, written, edit.id, `order ${order.id} edited (${edit.id})`);
  const [fresh] = await ctx.db.select().from(orders).where(eq(orders.id, order.id));
  return ok({ order: existing(fresh, 'Order', order.id), checkout: reopened });
}

/** How far an edit got, so a refusal or a failure undoes exactly that. */
interface Progress {
  paymentClosed: boolean;
  written: boolean;
}

/** An edit closed the payment and then was refused or failed: the customer gets one for the orders as they are. */
async function reopenPayment(ctx: RequestContext, checkoutId: string, editId: string): Promise<void> {
  const [checkout] = await ctx.db.select().from(checkouts).where(eq(checkouts.id, checkoutId));
  if (checkout) await openRepricedPayment(ctx, checkout, `${editId}:restore`, `edit ${editId} not applied`);
}

/**
 * The merchant edits only an order it placed for the member (代客下单) itself: any other order is
 * the buyer's contract with the shop. Customers (their own) and operators pass the tenancy check.
 */
async function assertMayEdit(ctx: RequestContext, order: OrderRow): Promise<void> {
  if (ctx.claims?.role !== 'MERCHANT') return;
  const placement = await placementOf(ctx, order.checkoutId);
  if (placement?.role !== 'MERCHANT' || placement.staffShopId !== order.shopId)
    throw forbidden('A merchant changes only an order its shop placed for the member; the member or an operator may change this one');
}

/** The changes, when the order may change at all and each line may change as asked; otherwise `problems` says why. */
async function acceptedChanges(ctx: RequestContext, order: OrderRow, input: EditOrderInput, problems: Problems): Promise<OrderEditChange[] | undefined> {
  const refusal = editable(order);
  if (refusal) {
    if (!refusal.ok) problems.merge(refusal.errors);
    return undefined;
  }
  const lines = await ctx.db.select().from(orderLines).where(eq(orderLines.orderId, order.id));
  return changesOf(ctx, input, lines, problems);
}

function editable(order: OrderRow): Result<never> | null {
  const refuse = (message: string) => refused([{ field: ['input', 'orderId'], code: 'INVALID_TRANSITION', message }]);
  if (PAID_STATUSES.has(order.status))
    return refuse(`Order ${order.orderNumber} is paid: a change now goes through an after-sale request (return or refund of the line)`);
  if (order.type === 'PRESALE') return refuse('A presale order keeps the quantity its deposit was paid for');
  if (order.status === 'ON_HOLD') return refuse('The order is held for review; it can be changed once released');
  if (order.status !== 'PENDING_PAYMENT') return refuse(`Order ${order.orderNumber} is ${order.status}`);
  return null;
}

/** What the edit changes, line by line; a refusal for lines that are not this order's or cannot change. */
async function changesOf(ctx: RequestContext, input: EditOrderInput, lines: OrderLineRow[], problems: Problems): Promise<OrderEditChange[] | undefined> {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const slotted = new Set(
    (await ctx.db.select({ id: serviceSlotHolds.orderLineId }).from(serviceSlotHolds).where(eq(serviceSlotHolds.orderId, input.orderId))).map((r) => r.id),
  );
  const changes: OrderEditChange[] = [];
  input.lines.forEach((change, i) => {
    const field = ['input', 'lines', String(i)];
    const line = byId.get(change.orderLineId);
    if (!line) return void problems.add([...field, 'orderLineId'], 'NOT_FOUND', `Order ${input.orderId} has no line ${change.orderLineId}`);
    if (!problems.check(change.quantity !== line.quantity, [...field, 'quantity'], 'INVALID', `The line already has ${line.quantity}`)) return;
    problems.check(!slotted.has(line.id), [...field, 'orderLineId'], 'INVALID', 'A booked service day cannot be changed here; cancel the order and book again');
    problems.check(
      !line.discounts.some((d) => d.source === 'FLASH_SALE'),
      [...field, 'orderLineId'],
      'INVALID',
      'A flash-sale line cannot be changed; cancel the order and order again',
    );
    changes.push({ orderLineId: line.id, skuId: line.skuId, from: line.quantity, to: change.quantity });
  });
  const left = lines.filter((l) => (changes.find((c) => c.orderLineId === l.id)?.to ?? l.quantity) > 0);
  problems.check(left.length > 0 || problems.any, ['input', 'lines'], 'INVALID', 'An order keeps at least one line; cancel the order instead');
  return problems.any ? undefined : changes;
}

/** What a retry with the same key gets: the order as it is now, the same refusal, or "still applying". */
async function outcomeOf(ctx: RequestContext, edit: OrderEditRow): Promise<Result<EditedOrder>> {
  if (edit.status === 'FAILED') return refused((edit.failure ?? []) as never);
  if (edit.status === 'APPLYING') return refused([EDIT_IN_PROGRESS]);
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, edit.orderId));
  const [checkout] = await ctx.db.select().from(checkouts).where(eq(checkouts.id, edit.checkoutId));
  return ok({ order: existing(order, 'Order', edit.orderId), checkout: existing(checkout, 'Checkout', edit.checkoutId) });
}

const NOT_UNPAID = { field: ['input', 'orderId'], code: 'INVALID_TRANSITION' as const, message: 'The order is no longer waiting for payment' };
const PAID_MEANWHILE = {
  field: ['input', 'orderId'],
  code: 'INVALID_TRANSITION' as const,
  message: 'The order was paid meanwhile: a change now goes through an after-sale request',
};
