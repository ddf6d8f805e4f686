import { and, eq, sql } from 'drizzle-orm';
import { newId, type Db, type RequestContext, type RouteResponse } from '@zhongtai/kit';
import { payments, providerCallbacks, type ProviderCallbackRow } from '../db/tables.ts';
import type { PaymentProvider, ProviderEvent } from '../providers/provider.ts';
import { CALLBACK_ID_PREFIX } from './ids.ts';
import { applyPaymentEvent, type EventOutcome } from './paymentEvents.ts';

/**
 * A provider's callback: verified (HMAC over the raw body, timestamp tolerance), recorded
 * whatever it says, and acted on once. One transaction claims the provider's event id (the
 * partial unique index on first deliveries): concurrent deliveries of the same event wait for
 * the first to commit and are then recorded as DUPLICATE with no effect. The conditional status
 * update in paymentEvents.ts guards the payment itself against distinct events racing.
 */
export async function receiveCallback(ctx: RequestContext, provider: PaymentProvider, request: { rawBody: string; headers: Headers }): Promise<RouteResponse> {
  const reading = provider.readCallback(request);
  const base = { provider: provider.name, rawBody: request.rawBody };
  if (reading.signature !== 'VALID') {
    await record(ctx.db, { ...base, eventId: reading.eventId, signature: reading.signature, result: 'REJECTED_SIGNATURE', detail: reading.problem });
    return { status: 401, body: { result: 'REJECTED_SIGNATURE' } };
  }
  if (!reading.event) {
    await record(ctx.db, { ...base, eventId: reading.eventId, signature: 'VALID', result: 'UNREADABLE', detail: reading.problem });
    return { status: 400, body: { result: 'UNREADABLE' } };
  }
  const outcome = await actOnEvent(ctx, provider, reading.event, request.rawBody);
  return { status: outcome.status, body: { result: outcome.result } };
}

/**
 * A provider's event, verified, acted on once: from a notification, or from the provider's own
 * answer to our query (the recovery job), which goes through exactly the same steps.
 */
export async function actOnEvent(ctx: RequestContext, provider: PaymentProvider, event: ProviderEvent, rawBody: string): Promise<EventOutcome> {
  const base = { provider: provider.name, rawBody };
  return ctx.db.transaction(async (tx) => {
    const id = newId(CALLBACK_ID_PREFIX);
    const row = { ...base, id, eventId: event.eventId, eventType: event.type, signature: 'VALID' as const };
    const claimed = await tx
      .insert(providerCallbacks)
      .values({ ...row, firstDelivery: true, result: 'PROCESSING' })
      .onConflictDoNothing({ target: [providerCallbacks.provider, providerCallbacks.eventId], where: sql.raw('first_delivery') })
      .returning({ id: providerCallbacks.id });
    if (!claimed.length) {
      await tx.insert(providerCallbacks).values({ ...row, result: 'DUPLICATE', paymentId: await paymentIdOf(tx, provider, event) });
      return { result: 'DUPLICATE', status: 200 } satisfies EventOutcome;
    }
    // A refund's notice (refund.succeeded/failed) settles the PENDING refund in this transaction too.
    const applied = await applyPaymentEvent(ctx, tx, provider, event);
    // An event we could not place yet (unknown payment) must stay claimable by the provider's retry.
    await tx
      .update(providerCallbacks)
      .set({ result: applied.result, detail: applied.detail ?? null, paymentId: applied.paymentId ?? null, firstDelivery: !applied.retryable })
      .where(eq(providerCallbacks.id, id));
    return applied;
  });
}

async function record(db: Db, row: Omit<typeof providerCallbacks.$inferInsert, 'id'>): Promise<ProviderCallbackRow> {
  const [inserted] = await db
    .insert(providerCallbacks)
    .values({ id: newId(CALLBACK_ID_PREFIX), ...row })
    .returning();
  return inserted!;
}

async function paymentIdOf(tx: Db, provider: PaymentProvider, event: ProviderEvent): Promise<string | null> {
  const [row] = await tx
    .select({ id: payments.id })
    .from(payments)
    .where(and(eq(payments.provider, provider.name), eq(payments.providerPaymentId, event.providerPaymentId)));
  return row?.id ?? null;
}
