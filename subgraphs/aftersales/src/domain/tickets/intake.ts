import type { Db, EventCatalog, RequestContext } from '@zhongtai/kit';
import type { AfterSaleRequestRow } from '../../db/tables.ts';
import { insertTicket } from './tickets.ts';

/**
 * Tickets nobody typed: events that need a person. Each carries its cause in `sourceKey`, so a
 * redelivered event opens no second ticket.
 */

/** A carrier reported a problem with a parcel: the delivery desk calls the carrier and the customer. */
export async function ticketForShipmentException(ctx: RequestContext, event: EventCatalog['ShipmentException']): Promise<void> {
  await ctx.db.transaction((tx) =>
    insertTicket(ctx, tx, {
      subject: `Carrier exception on parcel ${event.trackingNumber}`,
      body: event.description ?? 'The carrier reported an exception without a description.',
      category: 'DELIVERY',
      priority: 'HIGH',
      source: 'SYSTEM',
      author: 'SYSTEM',
      memberId: event.memberId,
      shopId: event.shopId,
      orderId: event.orderId,
      afterSaleRequestId: null,
      sourceKey: `shipment-exception:${event.trackingEventId}`,
    }),
  );
}

/** Money came in after the payment was closed; it is on its way back, and the customer should hear why. */
export async function ticketForLatePayment(ctx: RequestContext, event: EventCatalog['LatePaymentReceived']): Promise<void> {
  await ctx.db.transaction((tx) =>
    insertTicket(ctx, tx, {
      subject: `Payment received after closing: ${event.amount} ${event.currencyCode} refunded automatically`,
      body: `Payment ${event.paymentId} for ${event.orderId} arrived after it was closed; refund ${event.refundId} returns it in full.`,
      category: 'PAYMENT',
      priority: 'NORMAL',
      source: 'SYSTEM',
      author: 'SYSTEM',
      memberId: event.memberId,
      shopId: null,
      orderId: null,
      afterSaleRequestId: null,
      sourceKey: `late-payment:${event.paymentId}`,
    }),
  );
}

/** 平台介入: an escalated request is the platform's to decide; the ticket puts it in an agent's queue. Written in the escalation's transaction. */
export async function ticketForEscalation(ctx: RequestContext, tx: Db, request: AfterSaleRequestRow, reason: string): Promise<void> {
  await insertTicket(ctx, tx, {
    subject: `Escalated after-sale request ${request.id}`,
    body: reason,
    category: 'AFTER_SALE',
    priority: 'HIGH',
    source: 'SYSTEM',
    author: 'CUSTOMER',
    memberId: request.memberId,
    shopId: request.shopId,
    orderId: request.orderId,
    afterSaleRequestId: request.id,
    sourceKey: `escalation:${request.id}`,
  });
}
