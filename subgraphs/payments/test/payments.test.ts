import { DEMO_MEMBER_ID, newId } from '@zhongtai/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePayment } from '../src/domain/closePayment.ts';
import { createPayment, type CreatePaymentInput } from '../src/domain/createPayment.ts';
import { findPayment, listPayments, myPayments, paymentsOfOrder } from '../src/domain/payments.ts';
import { ADMIN, customerOf, CUSTOMER, RUN, SERVICE, openWorld, type World } from './fixtures.ts';

let w: World;
beforeAll(async () => {
  w = await openWorld();
});
afterAll(async () => {
  await w?.close();
});

const input = (overrides: Partial<CreatePaymentInput> = {}): CreatePaymentInput => ({
  orderId: newId('ord'),
  memberId: DEMO_MEMBER_ID,
  purpose: 'FULL',
  amount: { amount: '199.90', currencyCode: 'CNY' },
  idempotencyKey: newId('key'),
  ...overrides,
});

describe('createPayment', () => {
  it('creates a PENDING sandbox payment with what the customer needs to pay', async () => {
    const result = await createPayment(await w.as(SERVICE), input());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const p = result.value;
    expect(p.id).toMatch(/^pay_/);
    expect(p).toMatchObject({ status: 'PENDING', provider: 'sandbox', amount: 19990n, currencyCode: 'CNY', providerPaymentId: `sbx_${p.id}` });
    expect(p.actionUrl).toMatch(/\/hooks\/payments\/sandbox\/pay\?ref=sbx_pay_/);
    expect(p.actionCode).toBe(p.providerPaymentId);
  });

  it('the same idempotency key gives the same payment; with other input it is refused', async () => {
    const first = input();
    const a = await createPayment(await w.as(SERVICE), first);
    const b = await createPayment(await w.as(SERVICE), { ...first });
    expect(a.ok && b.ok && a.value.id === b.value.id).toBe(true);
    const other = await createPayment(await w.as(SERVICE), { ...first, amount: { amount: '1.00', currencyCode: 'CNY' } });
    expect(other).toEqual({ ok: false, errors: [expect.objectContaining({ field: ['input', 'idempotencyKey'], code: 'IDEMPOTENCY_KEY_REUSED' })] });
  });

  it('allows one live payment per order and purpose; a presale order has a deposit and a balance', async () => {
    const orderId = `ord-${RUN}-presale`;
    const deposit = await createPayment(await w.as(SERVICE), input({ orderId, purpose: 'DEPOSIT', amount: { amount: '50.00', currencyCode: 'CNY' } }));
    const balance = await createPayment(await w.as(SERVICE), input({ orderId, purpose: 'BALANCE', amount: { amount: '150.00', currencyCode: 'CNY' } }));
    expect(deposit.ok && balance.ok).toBe(true);
    const again = await createPayment(await w.as(SERVICE), input({ orderId, purpose: 'DEPOSIT' }));
    expect(again.ok ? [] : again.errors.map((e) => e.code)).toEqual(['DUPLICATE']);
    const listed = await paymentsOfOrder(await w.as(ADMIN), orderId);
    expect(listed.map((p) => p.purpose)).toEqual(['DEPOSIT', 'BALANCE']);
  });

  it('refuses a zero amount, a malformed member id and an unknown provider, all at once', async () => {
    const result = await createPayment(await w.as(SERVICE), input({ memberId: 'nobody', amount: { amount: '0', currencyCode: 'CNY' }, provider: 'paypal' }));
    expect(result.ok ? [] : result.errors.map((e) => e.code).sort()).toEqual(['INVALID', 'INVALID_ID', 'OUT_OF_RANGE']);
  });
});

describe('closePayment', () => {
  it('closes the PENDING payment, then has nothing to close; a new payment for the order may start', async () => {
    const p = await w.pending();
    const closed = await closePayment(await w.as(SERVICE), { orderId: p.orderId, purpose: 'FULL' });
    expect(closed.ok && closed.value?.status).toBe('CLOSED');
    expect(closed.ok && closed.value?.closedAt).toBeInstanceOf(Date);
    expect(await closePayment(await w.as(SERVICE), { orderId: p.orderId, purpose: 'FULL' })).toEqual({ ok: true, value: null });
    const next = await w.pending({ orderId: p.orderId });
    expect(next.status).toBe('PENDING');
  });

  it('refuses to close a paid payment', async () => {
    const p = await w.pending();
    expect((await w.deliver(w.successFor(p))).status).toBe(200);
    const closed = await closePayment(await w.as(SERVICE), { orderId: p.orderId, purpose: 'FULL' });
    expect(closed.ok ? [] : closed.errors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
    expect((await w.reload(p.id)).status).toBe('SUCCEEDED');
  });
});

describe('reading payments', () => {
  it('a customer sees only their own payments', async () => {
    const stranger = newId('mbr');
    const mine = await w.pending();
    const theirs = await w.pending({ memberId: stranger });
    const page = await myPayments(await w.as(CUSTOMER), { first: 100 });
    expect(page.nodes.map((p) => p.id)).toContain(mine.id);
    expect(page.nodes.every((p) => p.memberId === DEMO_MEMBER_ID)).toBe(true);
    expect((await findPayment(await w.as(customerOf(stranger)), theirs.id))?.id).toBe(theirs.id);
    await expect(findPayment(await w.as(CUSTOMER), theirs.id)).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });

  it('operators filter by status, order and created range, a page at a time (keyset)', async () => {
    // A member of its own, so payments made by other tests in this file stay out of the filters.
    const memberId = newId('mbr');
    const from = new Date(Date.now() - 1000);
    const made = [await w.pending({ amount: '1.00', memberId }), await w.pending({ amount: '2.00', memberId }), await w.pending({ amount: '3.00', memberId })];
    await w.deliver(w.successFor(made[1]!));
    const ctx = await w.as(ADMIN);
    const byOrder = await listPayments(ctx, { first: 10 }, { orderId: made[0]!.orderId });
    expect(byOrder.nodes.map((p) => p.id)).toEqual([made[0]!.id]);
    const succeeded = await listPayments(ctx, { first: 100 }, { status: 'SUCCEEDED', createdFrom: from, memberId });
    expect(succeeded.nodes.map((p) => p.id)).toEqual([made[1]!.id]);
    const first = await listPayments(await w.as(ADMIN), { first: 2 }, { createdFrom: from, provider: 'sandbox', memberId });
    const rest = await listPayments(await w.as(ADMIN), { first: 2, after: first.pageInfo.endCursor }, { createdFrom: from, provider: 'sandbox', memberId });
    expect([...first.nodes, ...rest.nodes].map((p) => p.id)).toEqual(made.map((p) => p.id).reverse());
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(await first.totalCount()).toBe(3);
    const none = await listPayments(await w.as(ADMIN), { first: 10 }, { createdTo: from, orderId: made[0]!.orderId });
    expect(none.nodes).toEqual([]);
    const byAmount = await listPayments(await w.as(ADMIN), { first: 1 }, { createdFrom: from, memberId }, { field: 'AMOUNT', direction: 'ASC' });
    const next = await listPayments(
      await w.as(ADMIN),
      { first: 1, after: byAmount.pageInfo.endCursor },
      { createdFrom: from, memberId },
      { field: 'AMOUNT', direction: 'ASC' },
    );
    expect([byAmount.nodes[0]!.id, next.nodes[0]!.id]).toEqual([made[0]!.id, made[1]!.id]);
  });
});
