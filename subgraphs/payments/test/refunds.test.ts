import { and, eq, sql } from 'drizzle-orm';
import { newId } from '@zhongtai/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mustOk } from '@zhongtai/kit/testing';
import { outbox, type PaymentRow, type RefundRow } from '../src/db/tables.ts';
import type { RefundPaymentInput } from '../src/domain/refundInput.ts';
import { refundPayment } from '../src/domain/refundPayment.ts';
import { committedAmount, listRefunds, refundsOfPayment } from '../src/domain/refunds.ts';
import { SETTLE_REFUND_JOB } from '../src/domain/settleRefund.ts';
import { signedSandboxCallback } from '../src/providers/sandbox.ts';
import { ADMIN, openWorld, SERVICE, type World } from './fixtures.ts';

let w: World;
beforeAll(async () => {
  w = await openWorld();
});
afterAll(async () => {
  await w?.close();
});

async function paid(amount = '100.00'): Promise<PaymentRow> {
  const p = await w.pending({ amount });
  expect((await w.deliver(w.successFor(p))).body).toEqual({ result: 'APPLIED' });
  return w.reload(p.id);
}

const refund = (payment: PaymentRow, amount: string, overrides: Partial<RefundPaymentInput> = {}): RefundPaymentInput => ({
  paymentId: payment.id,
  amount: { amount, currencyCode: 'CNY' },
  reason: '七天无理由退货 return',
  idempotencyKey: newId('key'),
  ...overrides,
});

const codes = (result: { ok: boolean; errors?: { code: string }[] }) => (result.ok ? [] : result.errors!.map((e) => e.code));

describe('refundPayment', () => {
  it('refunds in parts through the provider, never past what was captured, and publishes RefundSucceeded', async () => {
    const p = await paid('100.00');
    const lines = [
      { orderLineId: 'line-1', amount: { amount: '20.00', currencyCode: 'CNY' as const } },
      { orderLineId: 'line-2', amount: { amount: '10.00', currencyCode: 'CNY' as const } },
    ];
    const first = await refundPayment(await w.as(SERVICE), refund(p, '30.00', { lines }));
    expect(first.ok && first.value).toMatchObject({
      status: 'SUCCEEDED',
      amount: 3000n,
      kind: 'REQUESTED',
      lines: [
        { orderLineId: 'line-1', amount: '2000' },
        { orderLineId: 'line-2', amount: '1000' },
      ],
    });
    const second = await refundPayment(await w.as(SERVICE), refund(p, '50.00'));
    expect(second.ok && second.value.status).toBe('SUCCEEDED');
    const third = await refundPayment(await w.as(SERVICE), refund(p, '20.01'));
    expect(third).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'EXCEEDS_CAPTURED', message: expect.stringContaining('20.00 CNY') })] });
    const rest = await refundPayment(await w.as(SERVICE), refund(p, '20.00'));
    expect(rest.ok).toBe(true);

    const all = await refundsOfPayment(await w.as(ADMIN), p.id);
    expect(committedAmount(all)).toBe(10000n);
    if (!first.ok) return;
    expect(await w.eventsOf('RefundSucceeded', first.value.id)).toEqual([
      {
        refundId: first.value.id,
        paymentId: p.id,
        orderId: p.orderId,
        amount: '30.00',
        currencyCode: 'CNY',
        lines: [
          { orderLineId: 'line-1', amount: '20.00' },
          { orderLineId: 'line-2', amount: '10.00' },
        ],
        succeededAt: expect.any(String),
        idempotencyKey: first.value.idempotencyKey,
      },
    ]);
    const listed = await listRefunds(await w.as(ADMIN), { first: 10 }, { paymentId: p.id, status: 'SUCCEEDED' });
    expect(listed.nodes).toHaveLength(3);
  });

  it('refuses a payment that captured nothing, another currency, and lines that do not add up', async () => {
    const pending = await w.pending();
    expect(codes(await refundPayment(await w.as(SERVICE), refund(pending, '1.00')))).toEqual(['NOT_CAPTURED']);
    const p = await paid();
    expect(codes(await refundPayment(await w.as(SERVICE), refund(p, '1.00', { amount: { amount: '1.00', currencyCode: 'USD' } })))).toEqual([
      'CURRENCY_MISMATCH',
    ]);
    const lines = [{ orderLineId: 'line-1', amount: { amount: '0.50', currencyCode: 'CNY' as const } }];
    expect(codes(await refundPayment(await w.as(SERVICE), refund(p, '1.00', { lines })))).toEqual(['INVALID']);
    // 跨境: the lines and the tax beside them add up to the amount; the tax is never more than it.
    const tax = (amount: string, currencyCode: 'CNY' | 'USD' = 'CNY') => ({ taxAmount: { amount, currencyCode } });
    expect(codes(await refundPayment(await w.as(SERVICE), refund(p, '1.00', { lines, ...tax('0.40') })))).toEqual(['INVALID']);
    expect(codes(await refundPayment(await w.as(SERVICE), refund(p, '1.00', { ...tax('1.01') })))).toEqual(['OUT_OF_RANGE']);
    expect(codes(await refundPayment(await w.as(SERVICE), refund(p, '1.00', { lines, ...tax('0.50', 'USD') })))).toEqual(['CURRENCY_MISMATCH']);
    const taxed = await refundPayment(await w.as(SERVICE), refund(p, '1.00', { lines, ...tax('0.50') }));
    expect(taxed.ok && taxed.value).toMatchObject({ amount: 100n, tax: 50n, lines: [{ orderLineId: 'line-1', amount: '50' }] });
    if (taxed.ok) expect(await w.eventsOf('RefundSucceeded', taxed.value.id)).toEqual([expect.objectContaining({ amount: '1.00', tax: '0.50' })]);
    expect(codes(await refundPayment(await w.as(SERVICE), refund(p, '1.00', { paymentId: 'pay_nope' })))).toEqual(['INVALID_ID']);
    expect(codes(await refundPayment(await w.as(SERVICE), refund(p, '1.00', { paymentId: newId('pay') })))).toEqual(['NOT_FOUND']);
  });

  it('the same idempotency key gives the same refund once; with other input it is refused', async () => {
    const p = await paid('100.00');
    const request = refund(p, '40.00');
    const a = await refundPayment(await w.as(SERVICE), request);
    const b = await refundPayment(await w.as(SERVICE), { ...request });
    expect(a.ok && b.ok && a.value.id === b.value.id).toBe(true);
    expect(await refundsOfPayment(await w.as(ADMIN), p.id)).toHaveLength(1);
    expect(codes(await refundPayment(await w.as(SERVICE), { ...request, amount: { amount: '41.00', currencyCode: 'CNY' } }))).toEqual([
      'IDEMPOTENCY_KEY_REUSED',
    ]);
  });

  it('two partial refunds of 60% each, one after the other: the second is refused', async () => {
    const p = await paid('100.00');
    const results = [await refundPayment(await w.as(SERVICE), refund(p, '60.00')), await refundPayment(await w.as(SERVICE), refund(p, '60.00'))];
    expect(results.map(codes)).toEqual([[], ['EXCEEDS_CAPTURED']]);
  });
});

describe('refunds the provider declines or answers later', () => {
  const refundCallback = (refund: RefundRow, type: 'refund.succeeded' | 'refund.failed', overrides: { eventId?: string; amount?: string } = {}) =>
    signedSandboxCallback({
      eventId: overrides.eventId,
      type,
      providerPaymentId: `sbx_${refund.paymentId}`,
      refundId: refund.id,
      amount: overrides.amount ?? refund.amount.toString(),
      currency: refund.currencyCode,
      ...(type === 'refund.failed' ? { reason: 'card account closed' } : {}),
    });
  const withSandbox = async <T>(variable: string, run: () => Promise<T>): Promise<T> => {
    process.env[variable] = '1';
    try {
      return await run();
    } finally {
      delete process.env[variable];
    }
  };

  // Guards against a declined refund that announces nothing: whoever counted it as under way would keep counting it.
  it('a refund declined at once is FAILED, publishes RefundFailed, and leaves the capture refundable', async () => {
    const p = await paid('100.00');
    const declined = mustOk(await withSandbox('PAYMENT_SANDBOX_DECLINE_REFUNDS', async () => refundPayment(await w.as(SERVICE), refund(p, '100.00'))));
    expect(declined).toMatchObject({ status: 'FAILED', failureReason: expect.stringContaining('declined') });
    expect(await w.eventsOf('RefundFailed', declined.id)).toEqual([
      {
        refundId: declined.id,
        paymentId: p.id,
        orderId: p.orderId,
        amount: '100.00',
        currencyCode: 'CNY',
        lines: [],
        idempotencyKey: declined.idempotencyKey,
        reason: declined.failureReason,
        failedAt: expect.any(String),
      },
    ]);
    expect(await w.eventsOf('RefundSucceeded', declined.id)).toEqual([]);
    // The same key is the same, failed, refund; a new key is a new refund of the whole capture.
    const again = mustOk(await refundPayment(await w.as(SERVICE), refund(p, '100.00', { idempotencyKey: declined.idempotencyKey })));
    expect(again).toMatchObject({ id: declined.id, status: 'FAILED' });
    const next = mustOk(await refundPayment(await w.as(SERVICE), refund(p, '100.00')));
    expect(next.status).toBe('SUCCEEDED');
  });

  it('a refund the provider answers later stays PENDING until its signed callback: FAILED once (RefundFailed), replays change nothing', async () => {
    const p = await paid('100.00');
    const pending = mustOk(await withSandbox('PAYMENT_SANDBOX_DEFER_REFUNDS', async () => refundPayment(await w.as(SERVICE), refund(p, '40.00'))));
    expect(pending.status).toBe('PENDING');
    // Still counted against the capture while the provider decides.
    expect(codes(await refundPayment(await w.as(SERVICE), refund(p, '60.01')))).toEqual(['EXCEEDS_CAPTURED']);
    expect((await w.deliver(refundCallback(pending, 'refund.failed', { amount: '3999' }))).body).toEqual({ result: 'AMOUNT_MISMATCH' });
    const failed = refundCallback(pending, 'refund.failed', { eventId: `rf-${pending.id}` });
    expect((await w.deliver(failed)).body).toEqual({ result: 'APPLIED' });
    expect((await w.deliver(failed)).body).toEqual({ result: 'DUPLICATE' });
    // A contradicting later notice finds nothing PENDING.
    expect((await w.deliver(refundCallback(pending, 'refund.succeeded'))).body).toEqual({ result: 'IGNORED_NOT_PENDING' });
    const [row] = (await refundsOfPayment(await w.as(ADMIN), p.id)).filter((r) => r.id === pending.id);
    expect(row).toMatchObject({ status: 'FAILED', failureReason: 'card account closed' });
    expect((await w.eventsOf('RefundFailed', pending.id)).map((e) => e.reason)).toEqual(['card account closed']);
    expect(await w.eventsOf('RefundSucceeded', pending.id)).toEqual([]);
    expect(codes(await refundPayment(await w.as(SERVICE), refund(p, '100.00')))).toEqual([]);
  });

  it('a refund answered later can succeed: RefundSucceeded once', async () => {
    const p = await paid('100.00');
    const pending = mustOk(await withSandbox('PAYMENT_SANDBOX_DEFER_REFUNDS', async () => refundPayment(await w.as(SERVICE), refund(p, '25.00'))));
    expect((await w.deliver(refundCallback(pending, 'refund.succeeded'))).body).toEqual({ result: 'APPLIED' });
    expect((await w.deliver(refundCallback(pending, 'refund.succeeded'))).body).toEqual({ result: 'IGNORED_NOT_PENDING' });
    expect((await w.eventsOf('RefundSucceeded', pending.id)).map((e) => [e.amount, e.idempotencyKey])).toEqual([['25.00', pending.idempotencyKey]]);
    expect(await w.eventsOf('RefundFailed', pending.id)).toEqual([]);
  });
});

describe('refundPayment: what a refusal names, and the settlement safety net', () => {
  it('each refusal names its field and says why, so the caller can show it', async () => {
    const pending = await w.pending();
    const missing = newId('pay');
    expect(await refundPayment(await w.as(SERVICE), refund(pending, '1.00'))).toEqual({
      ok: false,
      errors: [{ field: ['input', 'paymentId'], code: 'NOT_CAPTURED', message: `Payment ${pending.id} is PENDING: nothing was captured` }],
    });
    expect(await refundPayment(await w.as(SERVICE), refund(pending, '1.00', { paymentId: missing }))).toEqual({
      ok: false,
      errors: [{ field: ['input', 'paymentId'], code: 'NOT_FOUND', message: `Payment ${missing} not found` }],
    });
    const p = await paid('100.00');
    expect(await refundPayment(await w.as(SERVICE), refund(p, '1.00', { amount: { amount: '1.00', currencyCode: 'USD' } }))).toEqual({
      ok: false,
      errors: [{ field: ['input', 'amount', 'currencyCode'], code: 'CURRENCY_MISMATCH', message: `Payment ${p.id} was in CNY` }],
    });
    expect(await refundPayment(await w.as(SERVICE), refund(p, '100.01'))).toEqual({
      ok: false,
      errors: [{ field: ['input', 'amount', 'amount'], code: 'EXCEEDS_CAPTURED', message: `At most 100.00 CNY of payment ${p.id} is left to refund` }],
    });
    const request = refund(p, '5.00');
    expect((await refundPayment(await w.as(SERVICE), request)).ok).toBe(true);
    expect(await refundPayment(await w.as(SERVICE), { ...request, reason: 'another reason' })).toEqual({
      ok: false,
      errors: [{ field: ['input', 'idempotencyKey'], code: 'IDEMPOTENCY_KEY_REUSED', message: 'This idempotency key was used for a different refund' }],
    });
  });

  // Guards against answering a retry by refunding again: once the capture is all refunded, a
  // retry of that very refund must still get it back, not EXCEEDS_CAPTURED.
  it('a retry of a refund that took the whole capture gets that refund back, not a refusal', async () => {
    const p = await paid('100.00');
    const request = refund(p, '100.00');
    const first = await refundPayment(await w.as(SERVICE), request);
    const again = await refundPayment(await w.as(SERVICE), { ...request });
    expect(first.ok && again.ok && [again.value.id, again.value.amount]).toEqual([first.ok && first.value.id, 10000n]);
  });

  // On PGlite the ten requests all pass the key lookup before the first insert commits, so the
  // late ones reach the unique key and must answer with the refund the first one made.
  it('ten requests with one idempotency key started together make one refund, every one answered with it', async () => {
    const p = await paid('100.00');
    const request = refund(p, '10.00');
    const contexts = await Promise.all(Array.from({ length: 10 }, () => w.as(SERVICE)));
    const results = await Promise.all(contexts.map((ctx) => refundPayment(ctx, { ...request })));
    const rows = await refundsOfPayment(await w.as(ADMIN), p.id);
    expect(rows).toHaveLength(1);
    expect(results.map((r) => (r.ok ? r.value.id : r.errors.map((e) => e.code).join()))).toEqual(Array.from({ length: 10 }, () => rows[0]!.id));
  });

  // Guards against a safety net in the past (sent again at once) or on the real clock.
  it('queues the settlement safety net one minute after the refund, on the request clock', async () => {
    const p = await paid('100.00');
    const at = new Date('2031-05-01T08:00:00.000Z');
    const ctx = { ...(await w.as(SERVICE)), now: () => at };
    const made = await refundPayment(ctx, refund(p, '1.00'));
    if (!made.ok) throw new Error(JSON.stringify(made.errors));
    const db = w.host.database.forCenter('payments');
    const jobs = await db
      .select({ startAfter: outbox.startAfter })
      .from(outbox)
      .where(and(eq(outbox.kind, 'job'), eq(outbox.topic, SETTLE_REFUND_JOB), sql`${outbox.payload}->>'refundId' = ${made.value.id}`));
    expect(jobs.map((j) => j.startAfter?.toISOString())).toEqual(['2031-05-01T08:01:00.000Z']);
  });
});

describe.runIf(process.env.DATABASE_URL)('racing refunds (PostgreSQL)', () => {
  // Guards against a refund that reads what is already refunded without locking the payment (a
  // removed FOR UPDATE): 12 refunds of 10% started together, every context made first so that no
  // request waits on another's setup, must refund exactly 100%, never more.
  it('twelve concurrent partial refunds of 10% each: exactly ten succeed, never more than the capture', async () => {
    const p = await paid('100.00');
    const contexts = await Promise.all(Array.from({ length: 12 }, () => w.as(SERVICE)));
    const results = await Promise.all(contexts.map((ctx, i) => refundPayment(ctx, refund(p, '10.00', { idempotencyKey: `race-10pct-${p.id}-${i}` }))));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.filter((r) => !r.ok).map(codes)).toEqual([['EXCEEDS_CAPTURED'], ['EXCEEDS_CAPTURED']]);
    const rows = await refundsOfPayment(await w.as(ADMIN), p.id);
    expect(rows).toHaveLength(10);
    expect(rows.reduce((sum, r) => sum + r.amount, 0n)).toBe(10000n);
  });

  it('two concurrent partial refunds of 60% each: one succeeds, one is refused', async () => {
    const p = await paid('100.00');
    const [a, b] = [await w.as(SERVICE), await w.as(SERVICE)];
    const results = await Promise.all([refundPayment(a, refund(p, '60.00')), refundPayment(b, refund(p, '60.00'))]);
    expect(results.map(codes).sort()).toEqual([[], ['EXCEEDS_CAPTURED']]);
    const rows = await refundsOfPayment(await w.as(ADMIN), p.id);
    expect(rows.map((r) => [r.amount, r.status])).toEqual([[6000n, 'SUCCEEDED']]);
  });

  it('ten concurrent requests with one idempotency key make one refund', async () => {
    const p = await paid('100.00');
    const request = refund(p, '10.00');
    const contexts = await Promise.all(Array.from({ length: 10 }, () => w.as(SERVICE)));
    const results = await Promise.all(contexts.map((ctx) => refundPayment(ctx, { ...request })));
    const ids = new Set(results.map((r) => (r.ok ? r.value.id : 'refused')));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^rfd_/);
    expect(await refundsOfPayment(await w.as(ADMIN), p.id)).toHaveLength(1);
  });
});
