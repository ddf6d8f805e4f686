import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
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
import { afterSaleRequests, REFUNDING_STATUSES, type AfterSaleRequestRow } from '../db/tables.ts';
import { assertOperator, assertOwnCustomer } from './access.ts';
import { refund, refundUnits } from './carryOut.ts';
import { move } from './decisions.ts';
import { sendReplacement } from './exchange.ts';
import { AFTER_SALE_ID_PREFIX } from './ids.ts';
import { loadRequest } from './requests.ts';

export const OPEN_RETURN_JOB = 'openReturn';
export const SETTLE_RETURN_JOB = 'settleReturn';
export const RESEND_REFUND_JOB = 'resendRefund';

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

/** How long the retry's own attempt waits before a job sends it again, in case the process died before it was sent. */
const RESEND_SAFETY_NET_MS = 60_000;

/**
 * An operator sends again a refund that was refused (the request stays open meanwhile, marked
 * refundFailedAt). It is the request's next attempt, a new refund at the payment center (the
 * declined one's key is spent): claimed by one guarded update, so of concurrent retries exactly
 * one sends anything and the others are refused (nothing waits for a retry any more). Refused
 * again, it stays marked with the new reason.
 */
export async function retryRefund(ctx: RequestContext, input: { id: string }): Promise<Result<AfterSaleRequestRow>> {
  assertOperator(ctx);
  const problems = new Problems();
  const row = isId(AFTER_SALE_ID_PREFIX, input.id) ? await loadRequest(ctx, input.id) : null;
  if (!row) return problems.add(['input', 'id'], 'NOT_FOUND', `After-sale request ${input.id} not found`).refuse();
  const claimed = await ctx.db.transaction(async (tx) => {
    const [next] = await tx
      .update(afterSaleRequests)
      .set({ refundAttempt: sql`${afterSaleRequests.refundAttempt} + 1`, refundFailedAt: null, failure: null, refundId: null, updatedAt: ctx.now() })
      .where(and(eq(afterSaleRequests.id, row.id), isNotNull(afterSaleRequests.refundFailedAt), inArray(afterSaleRequests.status, [...REFUNDING_STATUSES])))
      .returning();
    if (next)
      await ctx.events.schedule(
        tx,
        RESEND_REFUND_JOB,
        { requestId: next.id, attempt: next.refundAttempt },
        { startAfter: new Date(ctx.now().getTime() + RESEND_SAFETY_NET_MS), singletonKey: `resend-${next.id}-${next.refundAttempt}` },
      );
    return next;
  });
  if (!claimed) return problems.add(['input', 'id'], 'INVALID_TRANSITION', 'Only a request whose refund was refused can be retried').refuse();
  await refund(ctx, claimed, refundUnits(claimed));
  const [now] = await ctx.db.select().from(afterSaleRequests).where(eq(afterSaleRequests.id, row.id));
  return now ? ok(now) : problems.add(['input', 'id'], 'NOT_FOUND', 'Gone').refuse();
}

/**
 * The resendRefund job: a retry's attempt that never got an answer recorded (the process died
 * between claiming it and sending it) is sent now. The same attempt sent twice is the same refund.
 */
export async function resendRefund(ctx: RequestContext, requestId: string, attempt: number): Promise<void> {
  const [row] = await ctx.db.select().from(afterSaleRequests).where(eq(afterSaleRequests.id, requestId));
  if (!row || row.refundAttempt !== attempt || row.refundFailedAt || row.refundId || !(REFUNDING_STATUSES as readonly string[]).includes(row.status)) return;
  await refund(ctx, row, refundUnits(row));
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
  // A refund sent and not answered yet is for the amount it was sent with.
  problems.check(!row.refundId || row.refundFailedAt !== null, ['input', 'id'], 'INVALID_TRANSITION', 'A refund of this return is under way');
  if (problems.any) return problems.refuse();
  const [updated] = await ctx.db
    .update(afterSaleRequests)
    .set({ deductionAmount: amount, deductionReason: reason, updatedAt: ctx.now() })
    .where(eq(afterSaleRequests.id, row.id))
    .returning();
  return updated ? ok(updated) : problems.add(['input', 'id'], 'NOT_FOUND', 'Gone').refuse();
}
