import type { CenterMessaging, EventHandlers, JobDefinition } from '@zhongtai/kit';
import { outbox, processedEvents } from './db/tables.ts';
import { afterSaleRefunded } from './domain/afterSaleRefund.ts';
import { closeUnpaid, releaseEnded, type HeldRefund } from './domain/cancellation.ts';
import { recoverStuckCheckouts } from './domain/checkoutRecovery.ts';
import { autoConfirm } from './domain/completion.ts';
import { completeWhenRedeemed } from './domain/completion.ts';
import { recordDelivery, recordShipment, recordVouchers } from './domain/fulfillmentProgress.ts';
import { markCheckoutPaid, settlePaid } from './domain/payment.ts';
import { expireBalance, openBalance } from './domain/presaleBalance.ts';
import { RECORD_SKIPPED_RISK_JOB, recordSkippedRisk } from './domain/riskCheck.ts';
import { AFTER_SALE_REFUNDED_JOB, recordRefundOutcome, RETURN_REFUND_POINTS_JOB } from './domain/refundOutcome.ts';
import { returnRefundPoints } from './domain/refundPoints.ts';
import { CLOSE_UNREVIEWED_JOB, closeUnreviewed } from './domain/riskHold.ts';
import { RETURN_EDIT_POINTS_JOB, returnEditPoints } from './domain/edits/points.ts';
import { REFUND_EXPIRED_VOUCHERS_JOB, refundExpiredVouchers, vouchersExpired } from './domain/voucherExpiry.ts';
import { submitDeclaration, SUBMIT_CUSTOMS_JOB } from './domain/customs/declarations.ts';

/** What orders reacts to: money in and back, parcels out. It publishes an event for every status change (stateMachine.ts). */
export const handlers: EventHandlers = {
  PaymentSucceeded: async (ctx, { payload }) => {
    await markCheckoutPaid(ctx, payload);
  },
  ShipmentShipped: (ctx, { payload }) => recordShipment(ctx, payload),
  ShipmentDelivered: (ctx, { payload }) => recordDelivery(ctx, payload),
  ServiceVouchersIssued: (ctx, { payload }) => recordVouchers(ctx, payload),
  ServiceVoucherRedeemed: (ctx, { payload }) => completeWhenRedeemed(ctx, payload),
  ServiceVouchersExpired: (ctx, { payload }) => vouchersExpired(ctx, payload),
  // The provider's last word on a refund we asked for: a failure gives its room back, a success lets its after-effects run.
  RefundSucceeded: (ctx, { payload }) => recordRefundOutcome(ctx, 'SUCCEEDED', payload),
  RefundFailed: (ctx, { payload }) => recordRefundOutcome(ctx, 'FAILED', payload),
};

/** Timers and follow-ups; each is idempotent because the queue may run it again. */
export const jobs: Record<string, JobDefinition> = {
  closeUnpaid: { handler: async (ctx, data) => void (await closeUnpaid(ctx, String(data.checkoutId))) },
  settlePaid: { handler: (ctx, data) => settlePaid(ctx, String(data.checkoutId)) },
  releaseEnded: { handler: (ctx, data) => releaseEnded(ctx, [String(data.orderId)], (data.refund as HeldRefund | null) ?? null) },
  [AFTER_SALE_REFUNDED_JOB]: { handler: (ctx, data) => afterSaleRefunded(ctx, String(data.orderId), String(data.key)) },
  [RETURN_REFUND_POINTS_JOB]: { handler: (ctx, data) => returnRefundPoints(ctx, String(data.orderId), String(data.key)) },
  [REFUND_EXPIRED_VOUCHERS_JOB]: { retryLimit: 10, handler: (ctx, data) => refundExpiredVouchers(ctx, data as Parameters<typeof refundExpiredVouchers>[1]) },
  openBalance: { handler: (ctx, data) => openBalance(ctx, String(data.orderId)) },
  expireBalance: { handler: (ctx, data) => expireBalance(ctx, String(data.orderId)) },
  autoConfirm: { handler: (ctx, data) => autoConfirm(ctx, String(data.orderId), typeof data.dueAt === 'string' ? new Date(data.dueAt) : undefined) },
  [CLOSE_UNREVIEWED_JOB]: {
    handler: async (ctx, data) =>
      void (await closeUnreviewed(ctx, String(data.checkoutId), new Date(String(data.dueAt)), data.orderId ? String(data.orderId) : undefined)),
  },
  // Until the risk center is back (pg-boss backs off exponentially from 1 s): a checkout placed without its verdict is recorded SKIPPED.
  [RECORD_SKIPPED_RISK_JOB]: { retryLimit: 20, handler: (ctx, data) => recordSkippedRisk(ctx, data.input as Parameters<typeof recordSkippedRisk>[1]) },
  // Points an edited cart can no longer use go back to the member; retried until the members center takes them.
  [RETURN_EDIT_POINTS_JOB]: { retryLimit: 20, handler: (ctx, data) => returnEditPoints(ctx, data as Parameters<typeof returnEditPoints>[1]) },
  // 跨境: the declaration goes to customs after the payment committed; retried while the adapter is unavailable.
  [SUBMIT_CUSTOMS_JOB]: { retryLimit: 8, handler: (ctx, data) => submitDeclaration(ctx, String(data.declarationId)) },
  // Every minute (pg-boss cron's finest step): checkouts stuck in PLACING end as PLACED or FAILED.
  recoverStuckCheckouts: { cron: '* * * * *', retryLimit: 0, handler: async (ctx) => void (await recoverStuckCheckouts(ctx)) },
};

/** The event wiring `defineCenter` takes: outbox, inbox (handlers run once per event), handlers and jobs. */
export const messaging: CenterMessaging = { outbox, inbox: processedEvents, handlers, jobs };
