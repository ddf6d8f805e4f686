import { eq } from 'drizzle-orm';
import {
  inventoryService,
  isId,
  ok,
  parseMoney,
  Problems,
  requiredText,
  type EventCatalog,
  type MoneyInput,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import { afterSaleRequests, type AfterSaleRequestRow } from '../db/tables.ts';
import { assertOperator, assertOwnCustomer } from './access.ts';
import { refund, refundUnits } from './carryOut.ts';
import { move } from './decisions.ts';
import { sendReplacement } from './exchange.ts';
import { AFTER_SALE_ID_PREFIX } from './ids.ts';
import { loadRequest } from './requests.ts';

export const OPEN_RETURN_JOB = 'openReturn';
export const SETTLE_RETURN_JOB = 'settleReturn';

/**
 * The customer sent the goods back: carrier and tracking number on an approved return or
 * exchange. The warehouse's RETURN receipt is opened by a job after this commits.
 */
export async function submitReturnShipment(
  ctx: RequestContext,
  input: { id: string; carrierCode: string; trackingNumber: string },
): Promise<Result<AfterSaleRequestRow>> {
  const problems = new Problems();
  const carrier = requiredText(problems, input.carrierCode, ['input', 'carrierCode'], 'Carrier code', 30);
  const tracking = requiredText(problems, input.trackingNumber, ['input', 'trackingNumber'], 'Tracking number', 60);
  const row = isId(AFTER_SALE_ID_PREFIX, input.id) ? await loadRequest(ctx, input.id) : null;
  if (!row) problems.add(['input', 'id'], 'NOT_FOUND', `After-sale request ${input.id} not found`);
  if (!row || !carrier || !tracking || problems.any) return problems.refuse();
  assertOwnCustomer(ctx, row.memberId);
  if (row.type === 'REFUND_ONLY') return problems.add(['input', 'id'], 'INVALID', 'A refund-only request sends nothing back').refuse();
  return ctx.db.transaction(async (tx) => {
    const moved = await move(ctx, tx, row, 'RETURN_SHIPPED', `${carrier} ${tracking}`, { returnCarrierCode: carrier, returnTrackingNumber: tracking });
    if (moved.ok) await ctx.events.schedule(tx, OPEN_RETURN_JOB, { requestId: row.id }, { singletonKey: `return-${row.id}` });
    return moved;
  });
}

/** The openReturn job: the warehouse that shipped the units expects them back (once per request). */
export async function openReturn(ctx: RequestContext, requestId: string): Promise<void> {
  const row = await loadRequest(ctx, requestId);
  if (!row || row.status !== 'RETURN_SHIPPED' || row.returnReceiptId) return;
  const { openReturnReceipt } = await ctx.services.call(inventoryService.openReturnReceipt, {
    input: { key: row.id, orderId: row.orderId, skuId: row.skuId, quantity: row.quantity },
  });
  if (!openReturnReceipt.inboundReceipt)
    throw new Error(`inventory refused the return receipt of ${row.id}: ${openReturnReceipt.userErrors.map((e) => e.message).join('; ')}`);
  await ctx.db
    .update(afterSaleRequests)
    .set({ returnReceiptId: openReturnReceipt.inboundReceipt.id, updatedAt: ctx.now() })
    .where(eq(afterSaleRequests.id, row.id));
}

/** ReturnReceived (in the event's transaction): what the inspection found; the money or the replacement follows in a job. */
export async function recordReturn(ctx: RequestContext, event: EventCatalog['ReturnReceived']): Promise<void> {
  const row = isId(AFTER_SALE_ID_PREFIX, event.reference) ? await loadRequest(ctx, event.reference) : null;
  if (!row || row.status !== 'RETURN_SHIPPED') return;
  const line = event.lines.find((l) => l.skuId === row.skuId);
  await ctx.db
    .update(afterSaleRequests)
    .set({ returnReceiptId: event.receiptId, receivedSellable: line?.sellable ?? 0, receivedDamaged: line?.damaged ?? 0, updatedAt: ctx.now() })
    .where(eq(afterSaleRequests.id, row.id));
  await ctx.events.schedule(ctx.db, SETTLE_RETURN_JOB, { requestId: row.id }, { singletonKey: `settle-${row.id}` });
}

/** The settleReturn job: a return is refunded (its paid share less any deduction); an exchange's replacement is sent. */
export async function settleReturn(ctx: RequestContext, requestId: string): Promise<void> {
  const row = await loadRequest(ctx, requestId);
  if (!row || row.status !== 'RETURN_SHIPPED' || row.receivedSellable === null) return;
  if (row.type === 'RETURN_REFUND') await refund(ctx, row, 'RETURNED');
  if (row.type === 'EXCHANGE') await sendReplacement(ctx, row);
}

/**
 * An operator sends again a refund that was refused (the request stays open meanwhile, marked
 * refundFailedAt). Keyed by the request as before, so nothing is paid twice; refused again, it
 * stays marked with the new reason.
 */
export async function retryRefund(ctx: RequestContext, input: { id: string }): Promise<Result<AfterSaleRequestRow>> {
  assertOperator(ctx);
  const problems = new Problems();
  const row = isId(AFTER_SALE_ID_PREFIX, input.id) ? await loadRequest(ctx, input.id) : null;
  if (!row) return problems.add(['input', 'id'], 'NOT_FOUND', `After-sale request ${input.id} not found`).refuse();
  const waiting = row.refundFailedAt !== null && (row.status === 'APPROVED' || row.status === 'RETURN_SHIPPED');
  if (!problems.check(waiting, ['input', 'id'], 'INVALID_TRANSITION', 'Only a request whose refund was refused can be retried')) return problems.refuse();
  await refund(ctx, row, refundUnits(row));
  const [now] = await ctx.db.select().from(afterSaleRequests).where(eq(afterSaleRequests.id, row.id));
  return now ? ok(now) : problems.add(['input', 'id'], 'NOT_FOUND', 'Gone').refuse();
}

/** An operator keeps part of a return's refund back (a damaged return), saying why; before the refund goes out. */
export async function setDeduction(ctx: RequestContext, input: { id: string; amount: MoneyInput; reason: string }): Promise<Result<AfterSaleRequestRow>> {
  assertOperator(ctx);
  const problems = new Problems();
  const reason = requiredText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  const amount = parseMoney(input.amount, problems, ['input', 'amount']);
  const row = isId(AFTER_SALE_ID_PREFIX, input.id) ? await loadRequest(ctx, input.id) : null;
  if (!row) return problems.add(['input', 'id'], 'NOT_FOUND', `After-sale request ${input.id} not found`).refuse();
  if (amount === undefined || !reason || problems.any) return problems.refuse();
  problems.check(input.amount.currencyCode === row.currency, ['input', 'amount', 'currencyCode'], 'CURRENCY_MISMATCH', `The request is in ${row.currency}`);
  problems.check(amount < row.refundAmount, ['input', 'amount'], 'OUT_OF_RANGE', 'A deduction is less than the refund');
  problems.check(
    row.type === 'RETURN_REFUND' && (row.status === 'APPROVED' || row.status === 'RETURN_SHIPPED'),
    ['input', 'id'],
    'INVALID_TRANSITION',
    'Only a return not yet refunded takes a deduction',
  );
  if (problems.any) return problems.refuse();
  const [updated] = await ctx.db
    .update(afterSaleRequests)
    .set({ deductionAmount: amount, deductionReason: reason, updatedAt: ctx.now() })
    .where(eq(afterSaleRequests.id, row.id))
    .returning();
  return updated ? ok(updated) : problems.add(['input', 'id'], 'NOT_FOUND', 'Gone').refuse();
}
