import { newId } from '@zhongtai/kit';
import { waitFor } from '@zhongtai/kit/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refunds } from '../src/db/tables.ts';
import { closePayment } from '../src/domain/closePayment.ts';
import { signedSandboxCallback } from '../src/providers/sandbox.ts';
import { countCallbacks, openWorld, SERVICE, type World } from './fixtures.ts';

let w: World;
beforeAll(async () => {
  w = await openWorld();
});
afterAll(async () => {
  await w?.close();
});

describe('the sandbox callback', () => {
  it('marks the payment SUCCEEDED and publishes PaymentSucceeded once, however often it is replayed', async () => {
    const p = await w.pending({ amount: '88.80' });
    const callback = w.successFor(p);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await w.deliver(callback));
    expect(answers.map((a) => a.body)).toEqual([{ result: 'APPLIED' }, ...Array(4).fill({ result: 'DUPLICATE' })]);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const paid = await w.reload(p.id);
    expect(paid.status).toBe('SUCCEEDED');
    expect(paid.paidAt).toBeInstanceOf(Date);
    const events = await w.eventsOf('PaymentSucceeded', p.id);
    expect(events).toEqual([
      { paymentId: p.id, orderId: p.orderId, purpose: 'FULL', memberId: p.memberId, amount: '88.80', currencyCode: 'CNY', paidAt: paid.paidAt!.toISOString() },
    ]);
    // Every delivery is on record.
    expect(await w.callbacksOf(p.id)).toEqual([{ result: 'APPLIED', signature: 'VALID' }, ...Array(4).fill({ result: 'DUPLICATE', signature: 'VALID' })]);
  });

  it('a second, different success notice for a paid payment changes nothing', async () => {
    const p = await w.pending();
    await w.deliver(w.successFor(p));
    expect((await w.deliver(w.successFor(p))).body).toEqual({ result: 'ALREADY_SUCCEEDED' });
    expect(await w.eventsOf('PaymentSucceeded', p.id)).toHaveLength(1);
  });

  it('a bad signature, a stale timestamp, no signature, a wrong amount or currency change nothing and are recorded as rejected', async () => {
    const p = await w.pending({ amount: '100.00' });
    const body = { type: 'payment.succeeded' as const, providerPaymentId: p.providerPaymentId, amount: '10000', currency: 'CNY' };
    const forged = signedSandboxCallback(body, { secret: 'somebody-else-s-secret-of-32-characters!' });
    const stale = signedSandboxCallback(body, { timestampSeconds: Math.floor(Date.now() / 1000) - 3600 });
    const unsigned = { rawBody: JSON.stringify({ ...body, eventId: newId('sbe') }), headers: new Headers() };
    const tampered = w.successFor(p);
    tampered.rawBody = tampered.rawBody.replace('"10000"', '"1"');
    const answers = [
      await w.deliver(forged),
      await w.deliver(stale),
      await w.deliver(unsigned),
      await w.deliver(tampered),
      await w.deliver(w.successFor(p, { amount: '1' })),
      await w.deliver(w.successFor(p, { currency: 'USD' })),
    ];
    expect(answers.map((a) => [a.status, a.body])).toEqual([
      [401, { result: 'REJECTED_SIGNATURE' }],
      [401, { result: 'REJECTED_SIGNATURE' }],
      [401, { result: 'REJECTED_SIGNATURE' }],
      [401, { result: 'REJECTED_SIGNATURE' }],
      [422, { result: 'AMOUNT_MISMATCH' }],
      [422, { result: 'AMOUNT_MISMATCH' }],
    ]);
    const after = await w.reload(p.id);
    expect(after.status).toBe('PENDING');
    expect(after.updatedAt).toEqual(p.updatedAt);
    expect(await w.eventsOf('PaymentSucceeded', p.id)).toEqual([]);
    expect(await w.callbacksOf(p.id)).toEqual([
      { result: 'AMOUNT_MISMATCH', signature: 'VALID' },
      { result: 'AMOUNT_MISMATCH', signature: 'VALID' },
    ]);
    // The unverified ones cannot be tied to a payment, but they are on record with why.
    expect(await countCallbacks(w, JSON.parse(forged.rawBody).eventId)).toBe(1);
    expect(await countCallbacks(w, JSON.parse(stale.rawBody).eventId)).toBe(1);
  });

  it('a forged delivery cannot use up a real event id', async () => {
    const p = await w.pending();
    const eventId = newId('sbe');
    const body = { eventId, type: 'payment.succeeded' as const, providerPaymentId: p.providerPaymentId, amount: p.amount.toString(), currency: 'CNY' };
    expect((await w.deliver(signedSandboxCallback(body, { secret: 'an-attacker-guessing-the-secret-wrong!' }))).status).toBe(401);
    expect((await w.deliver(signedSandboxCallback(body))).body).toEqual({ result: 'APPLIED' });
  });

  it('a notice about a payment we do not know is answered 404 and stays deliverable', async () => {
    const callback = signedSandboxCallback({
      eventId: newId('sbe'),
      type: 'payment.succeeded',
      providerPaymentId: 'sbx_unknown',
      amount: '1',
      currency: 'CNY',
    });
    expect((await w.deliver(callback)).status).toBe(404);
    expect((await w.deliver(callback)).status).toBe(404);
  });

  it('a failure notice fails a PENDING payment', async () => {
    const p = await w.pending();
    const callback = signedSandboxCallback({ type: 'payment.failed', providerPaymentId: p.providerPaymentId, amount: p.amount.toString(), currency: 'CNY' });
    expect((await w.deliver(callback)).body).toEqual({ result: 'APPLIED' });
    expect((await w.reload(p.id)).status).toBe('FAILED');
  });

  it('a payment made after it was closed is recorded and refunded in full, automatically and once', async () => {
    const p = await w.pending({ amount: '59.00' });
    const closed = await closePayment(await w.as(SERVICE), { orderId: p.orderId, purpose: 'FULL' });
    expect(closed.ok && closed.value?.status).toBe('CLOSED');
    const late = w.successFor(p);
    expect((await w.deliver(late)).body).toEqual({ result: 'LATE_PAYMENT_REFUNDING' });
    expect((await w.deliver(late)).body).toEqual({ result: 'DUPLICATE' });
    expect((await w.deliver(w.successFor(p))).body).toEqual({ result: 'LATE_PAYMENT_ALREADY_REFUNDING' });

    const db = w.host.database.forCenter('payments');
    const refund = await waitFor(
      async () => {
        const [row] = await db.select().from(refunds).where(eq(refunds.paymentId, p.id));
        return row?.status === 'SUCCEEDED' ? row : undefined;
      },
      { what: 'the settleRefund job to refund the late payment' },
    );
    expect(refund).toMatchObject({ kind: 'LATE_PAYMENT', amount: 5900n, currencyCode: 'CNY', providerRefundId: `sbxr_${refund.id}` });
    expect((await w.reload(p.id)).status).toBe('CLOSED');
    expect(await w.eventsOf('PaymentSucceeded', p.id)).toEqual([]);
    expect(await w.eventsOf('RefundSucceeded', refund.id)).toEqual([
      {
        refundId: refund.id,
        paymentId: p.id,
        orderId: p.orderId,
        amount: '59.00',
        currencyCode: 'CNY',
        lines: [],
        succeededAt: expect.any(String),
        idempotencyKey: `late-payment:${p.id}`,
      },
    ]);
  });
});

describe.runIf(process.env.DATABASE_URL)('racing deliveries (PostgreSQL)', () => {
  it('the same callback delivered twelve times at once makes one payment success and one event', async () => {
    const p = await w.pending({ amount: '300.00' });
    const callback = w.successFor(p);
    const answers = await Promise.all(Array.from({ length: 12 }, () => w.deliver(callback)));
    expect(answers.map((a) => (a.body as { result: string }).result).sort()).toEqual(['APPLIED', ...Array<string>(11).fill('DUPLICATE')]);
    expect((await w.reload(p.id)).status).toBe('SUCCEEDED');
    expect(await w.eventsOf('PaymentSucceeded', p.id)).toHaveLength(1);
    expect(await w.callbacksOf(p.id)).toHaveLength(12);
  });

  it('twelve different success notices at once still make one success and one event', async () => {
    const p = await w.pending({ amount: '300.00' });
    const callbacks = Array.from({ length: 12 }, () => w.successFor(p));
    const answers = await Promise.all(callbacks.map((callback) => w.deliver(callback)));
    expect(answers.map((a) => (a.body as { result: string }).result).sort()).toEqual([...Array<string>(11).fill('ALREADY_SUCCEEDED'), 'APPLIED']);
    expect(await w.eventsOf('PaymentSucceeded', p.id)).toHaveLength(1);
  });
});
