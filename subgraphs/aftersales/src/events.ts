import { type CenterMessaging, RECORD_SKIPPED_RISK_JOB, recordSkippedRisk, type EventHandlers, type JobDefinition } from '@zhongtai/kit';
import { outbox, processedEvents } from './db/tables.ts';
import { carryOut } from './domain/carryOut.ts';
import { recordReplacementShipped } from './domain/exchange.ts';
import { autoApprove, CARRY_OUT_JOB } from './domain/decisions.ts';
import { AUTO_APPROVE_JOB } from './domain/requests.ts';
import { recordRefundOutcome } from './domain/refundOutcome.ts';
import { OPEN_RETURN_JOB, openReturn, recordReturn, RESEND_REFUND_JOB, resendRefund, SETTLE_RETURN_JOB, settleReturn } from './domain/returns.ts';
import { ticketForLatePayment, ticketForShipmentException } from './domain/tickets/intake.ts';
import { CLOSE_RESOLVED_JOB } from './domain/tickets/resolution.ts';
import { checkSla, closeResolved, type SlaClock } from './domain/tickets/sla.ts';
import { TICKET_SLA_JOB } from './domain/tickets/tickets.ts';

/** What after-sales hears: a customer's return was received and inspected; an exchange's replacement left; a refund's outcome; problems a person must look at. */
export const handlers: EventHandlers = {
  ReturnReceived: (ctx, { payload }) => recordReturn(ctx, payload),
  ShipmentShipped: (ctx, { payload }) => recordReplacementShipped(ctx, payload),
  ShipmentException: (ctx, { payload }) => ticketForShipmentException(ctx, payload),
  LatePaymentReceived: (ctx, { payload }) => ticketForLatePayment(ctx, payload),
  // The provider's last word on a request's refund: REFUNDED, or marked for an operator's retry.
  RefundSucceeded: (ctx, { payload }) => recordRefundOutcome(ctx, 'SUCCEEDED', payload),
  RefundFailed: (ctx, { payload }) => recordRefundOutcome(ctx, 'FAILED', payload),
};

/** Timers; each is idempotent (a guarded transition decides), because the queue may run it again. */
export const jobs: Record<string, JobDefinition> = {
  [AUTO_APPROVE_JOB]: { handler: async (ctx, data) => void (await autoApprove(ctx, String(data.requestId))) },
  [CARRY_OUT_JOB]: { handler: (ctx, data) => carryOut(ctx, String(data.requestId)) },
  [OPEN_RETURN_JOB]: { handler: (ctx, data) => openReturn(ctx, String(data.requestId)) },
  [SETTLE_RETURN_JOB]: { handler: (ctx, data) => settleReturn(ctx, String(data.requestId)) },
  [RESEND_REFUND_JOB]: { handler: (ctx, data) => resendRefund(ctx, String(data.requestId), Number(data.attempt)) },
  [TICKET_SLA_JOB]: { handler: async (ctx, data) => void (await checkSla(ctx, String(data.ticketId), data.clock as SlaClock)) },
  [CLOSE_RESOLVED_JOB]: { handler: async (ctx, data) => void (await closeResolved(ctx, String(data.ticketId))) },
  // A request filed without the risk center's verdict: SKIPPED recorded once it answers.
  [RECORD_SKIPPED_RISK_JOB]: { retryLimit: 20, handler: (ctx, data) => recordSkippedRisk(ctx, data.input as Parameters<typeof recordSkippedRisk>[1]) },
};

/** The event wiring `defineCenter` takes: outbox, inbox (handlers run once per event), handlers and jobs. */
export const messaging: CenterMessaging = { outbox, inbox: processedEvents, handlers, jobs };
