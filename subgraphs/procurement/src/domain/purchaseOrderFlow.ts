import { and, eq, inArray, isNull } from 'drizzle-orm';
import { inventoryService, ok, Problems, type RequestContext, type Result } from '@zhongtai/kit';
import { purchaseOrderLines, purchaseOrders, type PurchaseOrderRow, type PurchaseOrderStatus } from '../db/purchaseTables.ts';
import { procurementConfig } from './config.ts';
import { findPurchaseOrder } from './purchaseOrders.ts';

/**
 * 采购单流转: DRAFT -> SUBMITTED -> APPROVED -> SENT -> PARTIALLY_RECEIVED -> RECEIVED, or CLOSED
 * (cancelled before it was sent, or short-closed after). Every step is a guarded update on the
 * status it starts from, so two people pressing the same button change it once.
 */
const idField = ['input', 'id'];

async function orderForChange(ctx: RequestContext, problems: Problems, id: string): Promise<PurchaseOrderRow | undefined> {
  const po = await findPurchaseOrder(ctx, id, 'write');
  if (!po) problems.add(idField, 'NOT_FOUND', `No purchase order ${id}`);
  return po ?? undefined;
}

async function move(
  ctx: RequestContext,
  problems: Problems,
  po: PurchaseOrderRow,
  from: PurchaseOrderStatus[],
  set: Partial<PurchaseOrderRow>,
): Promise<Result<PurchaseOrderRow>> {
  const [row] = await ctx.db
    .update(purchaseOrders)
    .set({ ...set, updatedAt: new Date() })
    .where(and(eq(purchaseOrders.id, po.id), inArray(purchaseOrders.status, from)))
    .returning();
  if (!row)
    return problems.add(idField, 'INVALID_TRANSITION', `The purchase order is ${po.status}; it cannot go to ${set.status ?? 'that step'} from there`).refuse();
  return ok(row);
}

export async function submitPurchaseOrder(ctx: RequestContext, input: { id: string }): Promise<Result<PurchaseOrderRow>> {
  const problems = new Problems();
  const po = await orderForChange(ctx, problems, input.id);
  if (!po) return problems.refuse();
  return move(ctx, problems, po, ['DRAFT'], { status: 'SUBMITTED', submittedAt: ctx.now() });
}

/** Who approves: the staff member the token names (an operator or the shop's staff). */
const approverOf = (ctx: RequestContext) => ctx.claims?.staffId ?? ctx.claims?.subject ?? 'unknown';

/** Whether an order of this total needs a second approver (config: PROCUREMENT_SECOND_APPROVAL_ABOVE). */
export function needsSecondApproval(total: bigint, above = procurementConfig().secondApprovalAbove): boolean {
  return total > above;
}

/**
 * 审批: an operator or the shop approves a SUBMITTED order. Above the amount threshold the first
 * approval is recorded and the order waits for a second approver, who must be someone else.
 */
export async function approvePurchaseOrder(ctx: RequestContext, input: { id: string }): Promise<Result<PurchaseOrderRow>> {
  const problems = new Problems();
  const po = await orderForChange(ctx, problems, input.id);
  if (!po) return problems.refuse();
  const approver = approverOf(ctx);
  const now = ctx.now();
  if (po.status !== 'SUBMITTED') return problems.add(idField, 'INVALID_TRANSITION', `Only a SUBMITTED order is approved; this one is ${po.status}`).refuse();
  if (!needsSecondApproval(po.totalAmount)) return move(ctx, problems, po, ['SUBMITTED'], { status: 'APPROVED', approvedBy: approver, approvedAt: now });
  let first = po.approvedBy;
  if (!first) {
    const [row] = await ctx.db
      .update(purchaseOrders)
      .set({ approvedBy: approver, approvedAt: now, updatedAt: new Date() })
      .where(and(eq(purchaseOrders.id, po.id), eq(purchaseOrders.status, 'SUBMITTED'), isNull(purchaseOrders.approvedBy)))
      .returning();
    if (row) return ok(row); // the first of two approvals: it waits for the second
    // Someone gave the first approval meanwhile: this call may be the second.
    const [now2] = await ctx.db.select().from(purchaseOrders).where(eq(purchaseOrders.id, po.id));
    first = now2?.approvedBy ?? null;
  }
  if (!first) return problems.add(idField, 'INVALID_TRANSITION', 'The purchase order changed meanwhile; look again').refuse();
  if (first === approver)
    return problems.add(idField, 'SECOND_APPROVER_REQUIRED', 'Above the approval threshold a second, different approver must approve').refuse();
  const [row] = await ctx.db
    .update(purchaseOrders)
    .set({ status: 'APPROVED', secondApprovedBy: approver, secondApprovedAt: now, updatedAt: new Date() })
    .where(and(eq(purchaseOrders.id, po.id), eq(purchaseOrders.status, 'SUBMITTED'), eq(purchaseOrders.approvedBy, first)))
    .returning();
  if (!row) return problems.add(idField, 'INVALID_TRANSITION', 'The purchase order changed meanwhile; look again').refuse();
  return ok(row);
}

/** The most a line may receive: its quantity plus the tolerance, rounded down (config, default 0%). */
export function receivableUpTo(quantity: number, tolerancePercent = procurementConfig().overReceiptTolerancePercent): number {
  return quantity + Math.floor((quantity * tolerancePercent) / 100);
}

/** The key of a delivery's inventory receipt: the order's first, then one per backorder. */
export const deliveryKey = (poId: string, n: number) => `${poId}/${n}`;

/**
 * 下发: the order goes to the supplier and the warehouse expects its lines (an inventory inbound
 * receipt, once per key, so a retry opens no second one). Inventory's refusal (an unknown
 * warehouse, one that does not hold the shop's goods) refuses the send.
 */
export async function sendPurchaseOrder(ctx: RequestContext, input: { id: string }): Promise<Result<PurchaseOrderRow>> {
  const problems = new Problems();
  const po = await orderForChange(ctx, problems, input.id);
  if (!po) return problems.refuse();
  if (po.status !== 'APPROVED') return problems.add(idField, 'INVALID_TRANSITION', `Only an APPROVED order is sent; this one is ${po.status}`).refuse();
  const lines = await ctx.db.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.purchaseOrderId, po.id));
  const { openPurchaseReceipt } = await ctx.services.call(inventoryService.openPurchaseReceipt, {
    input: {
      key: deliveryKey(po.id, 1),
      warehouseId: po.warehouseId,
      lines: lines.map((l) => ({ skuId: l.skuId, expectedQuantity: l.quantity, acceptUpTo: receivableUpTo(l.quantity) })),
    },
  });
  if (!openPurchaseReceipt.inboundReceipt) {
    for (const e of openPurchaseReceipt.userErrors) problems.add(['input', 'id'], e.code, `Inventory: ${e.message}`);
    return problems.refuse();
  }
  const sentAt = ctx.now();
  const expectedBy = new Date(sentAt.getTime() + po.leadTimeDays * 86_400_000);
  return move(ctx, problems, po, ['APPROVED'], { status: 'SENT', sentAt, expectedBy, receiptCount: 1 });
}

/**
 * 关闭: cancels an order not yet sent, or short-closes one whose remaining units will not come:
 * the receipt inventory still expects for it is cancelled first (one being received refuses the
 * close: put it away, then close).
 */
export async function closePurchaseOrder(ctx: RequestContext, input: { id: string }): Promise<Result<PurchaseOrderRow>> {
  const problems = new Problems();
  const po = await orderForChange(ctx, problems, input.id);
  if (!po) return problems.refuse();
  if ((po.status === 'SENT' || po.status === 'PARTIALLY_RECEIVED') && !(await cancelOpenReceipt(ctx, problems, po))) return problems.refuse();
  return move(ctx, problems, po, ['DRAFT', 'SUBMITTED', 'APPROVED', 'SENT', 'PARTIALLY_RECEIVED'], { status: 'CLOSED', closedAt: ctx.now() });
}

/** The delivery inventory still expects (the latest receipt: `<id>/<receiptCount>`) will not come. */
export async function cancelOpenReceipt(ctx: RequestContext, problems: Problems, po: PurchaseOrderRow): Promise<boolean> {
  if (po.receiptCount < 1) return true;
  const { cancelPurchaseReceipt } = await ctx.services.call(inventoryService.cancelPurchaseReceipt, { input: { key: deliveryKey(po.id, po.receiptCount) } });
  for (const e of cancelPurchaseReceipt.userErrors) problems.add(['input', 'id'], e.code, `Inventory: ${e.message}`);
  return cancelPurchaseReceipt.userErrors.length === 0;
}
