import { sql } from 'drizzle-orm';
import { rowsOf } from '@zhongtai/kit';
import { waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { fileRequest, requestById } from './support/aftersales.ts';
import { ADDRESS, availableOf, buyableSkus, orderStatus, payCheckout, PLACE_ORDER, shipOrder, type BuyableSku } from './support/shopping.ts';

/**
 * Every timer on both sides of its boundary, in milliseconds instead of waiting: the domain reads
 * the time from its context (`ctx.now()`), so a job run with a clock 1 ms before its deadline must
 * change nothing (it throws so that the queue retries it) and one run at the deadline must act.
 * The queued job's `startAfter` is checked against the deadline too: a job queued too early or
 * too late is the other half of a timer bug. One real-time test per job kind stays elsewhere
 * (orders.test.ts, presale.test.ts, the auto-confirm one below, catalog's and inventory's own).
 */
let t: TestGraph;
let skus: BuyableSku[];
/** When set, the graph's clock stands still at this time (GraphQL requests and jobs alike). */
let frozenAt: number | null = null;

beforeAll(async () => {
  t = await startTestGraph({ clock: () => new Date(frozenAt ?? Date.now()) });
  skus = await buyableSkus(t, t.shopA, 6, 6);
});
afterAll(async () => {
  await t?.stop();
});

type Row = Record<string, unknown>;
const query = async <T extends Row>(center: string, text: ReturnType<typeof sql>) => rowsOf<T>(await t.graph.host!.database.forCenter(center).execute(text));
const time = (v: unknown) => new Date(v as string | Date).getTime();

/** Runs one of `center`'s jobs now, as if the clock read `at`. */
async function runJobAt(center: string, job: string, data: Record<string, unknown>, at: number): Promise<void> {
  const host = t.graph.host!;
  const ctx = await host.contextFor(center, { role: 'SERVICE', subject: 'test:timers' }, () => new Date(at));
  await host.center(center).definition.jobs![job]!.handler(ctx, data);
}

/** The one queued job of `topic` whose payload names `id` under `key`: its data and when it may start. */
async function queuedJob(center: string, topic: string, key: string, id: string): Promise<{ data: Row; startAfter: number }> {
  const rows = await query<{ payload: Row; start_after: unknown }>(
    center,
    sql`select payload, start_after from ${sql.raw(center)}.outbox where kind = 'job' and topic = ${topic} and payload->>${key} = ${id}`,
  );
  expect(rows, `${center} ${topic} jobs for ${id}`).toHaveLength(1);
  return { data: rows[0]!.payload, startAfter: time(rows[0]!.start_after) };
}

const place = async (key: string, sku: BuyableSku, quantity = 1) => {
  const res = await t.gql<{
    placeOrder: { checkout: { id: string; paymentId: string } | null; orders: { id: string; type?: string }[] | null; userErrors: unknown[] };
  }>(PLACE_ORDER, { input: { idempotencyKey: `${key}-${Date.now()}`, lines: [{ skuId: sku.id, quantity }], address: ADDRESS } }, t.tokens.customer);
  expect(res.data!.placeOrder.userErrors).toEqual([]);
  return { checkoutId: res.data!.placeOrder.checkout!.id, paymentId: res.data!.placeOrder.checkout!.paymentId, orderId: res.data!.placeOrder.orders![0]!.id };
};
const pay = (paymentId: string) =>
  t.gql<{ sandboxPay: { userErrors: { code: string }[] } }>(
    'mutation($id: ID!) { sandboxPay(input: { paymentId: $id }) { userErrors { code } } }',
    { id: paymentId },
    t.tokens.customer,
  );

describe('timers on both sides of their boundary (injected clock)', () => {
  it('unpaid close: open 1 ms before the payment deadline, closed at it, stock back', async () => {
    const before = await availableOf(t, skus[0]!.id);
    const placedAt = Date.now();
    const { checkoutId, orderId } = await place('clock-unpaid', skus[0]!);
    const [order] = await query<{ payment_due_at: unknown }>('orders', sql`select payment_due_at from orders.orders where id = ${orderId}`);
    const due = time(order!.payment_due_at);
    // The default window, 30 minutes, counted from the (request's) clock.
    expect(due - placedAt).toBeGreaterThanOrEqual(30 * 60_000);
    expect(due - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    const job = await queuedJob('orders', 'closeUnpaid', 'checkoutId', checkoutId);
    expect(job.startAfter).toBe(due);

    await expect(runJobAt('orders', 'closeUnpaid', job.data, due - 1)).rejects.toThrow(/payable until/);
    expect(await orderStatus(t, orderId)).toBe('PENDING_PAYMENT');
    expect(await availableOf(t, skus[0]!.id)).toBe(before - 1);

    await runJobAt('orders', 'closeUnpaid', job.data, due);
    expect(await orderStatus(t, orderId)).toBe('CLOSED');
    expect(await availableOf(t, skus[0]!.id)).toBe(before);
  });

  it('reservation expiry: held 1 ms before it expires, released at it', async () => {
    const before = await availableOf(t, skus[1]!.id);
    const { checkoutId, orderId } = await place('clock-reservation', skus[1]!);
    const [reservation] = await query<{ id: string; expires_at: unknown }>(
      'inventory',
      sql`select id, expires_at from inventory.reservations where order_id in (${orderId}, ${checkoutId})`,
    );
    const expires = time(reservation!.expires_at);
    const job = await queuedJob('inventory', 'expireReservation', 'reservationId', reservation!.id);
    expect(job.startAfter).toBe(expires);

    await runJobAt('inventory', 'expireReservation', job.data, expires - 1);
    expect(await availableOf(t, skus[1]!.id)).toBe(before - 1);
    const [held] = await query<{ status: string }>('inventory', sql`select status from inventory.reservations where id = ${reservation!.id}`);
    expect(held!.status).toBe('ACTIVE');

    await runJobAt('inventory', 'expireReservation', job.data, expires);
    const [released] = await query<{ status: string }>('inventory', sql`select status from inventory.reservations where id = ${reservation!.id}`);
    expect(released!.status).toBe('RELEASED');
    expect(await availableOf(t, skus[1]!.id)).toBe(before);
  });

  it('scheduled price change: the old price 1 ms before it takes effect, the new one at it', async () => {
    const sku = skus[2]!;
    const effective = Date.now() + 3_600_000;
    const scheduled = await t.gql<{ schedulePriceChange: { priceChange: { id: string } | null; userErrors: unknown[] } }>(
      'mutation($input: SchedulePriceChangeInput!) { schedulePriceChange(input: $input) { priceChange { id } userErrors { field code message } } }',
      { input: { skuId: sku.id, effectiveAt: new Date(effective).toISOString(), salePrice: { amount: '1.23', currencyCode: 'CNY' } } },
      t.tokens.merchantA,
    );
    expect(scheduled.data!.schedulePriceChange.userErrors).toEqual([]);
    const id = scheduled.data!.schedulePriceChange.priceChange!.id;
    const job = await queuedJob('catalog', 'applyPriceChange', 'priceChangeId', id);
    expect(job.startAfter).toBe(effective);
    const price = async () =>
      (await t.gql<{ sku: { price: { amount: string } } }>('query($id: ID!) { sku(id: $id) { price { amount } } }', { id: sku.id }, t.tokens.admin)).data!.sku
        .price.amount;

    await expect(runJobAt('catalog', 'applyPriceChange', job.data, effective - 1)).rejects.toThrow(/not due/);
    expect(await price()).toBe(sku.price);
    await runJobAt('catalog', 'applyPriceChange', job.data, effective);
    expect(await price()).toBe('1.23');
  });

  it('presale: deposits until the balance window opens; the balance neither before nor after its window', async () => {
    const sku = skus[3]!;
    const opens = Date.now() + 3_600_000;
    const ends = opens + 3_600_000;
    const plan = await t.gql<{ createPresalePlan: { userErrors: unknown[] } }>(
      'mutation($input: CreatePresalePlanInput!) { createPresalePlan(input: $input) { presalePlan { id } userErrors { field code message } } }',
      {
        input: {
          skuId: sku.id,
          depositPerUnit: { amount: '1.00', currencyCode: 'CNY' },
          balanceStartsAt: new Date(opens).toISOString(),
          balanceEndsAt: new Date(ends).toISOString(),
        },
      },
      t.tokens.merchantA,
    );
    expect(plan.data!.createPresalePlan.userErrors).toEqual([]);
    const typeOf = async (orderId: string) =>
      (await t.gql<{ order: { type: string } }>('query($id: ID!) { order(id: $id) { type } }', { id: orderId }, t.tokens.customer)).data!.order.type;

    // The deposit window: a presale order 1 ms before the balance window opens, a normal one at it.
    try {
      frozenAt = opens - 1;
      const last = await place('clock-presale-last', sku);
      frozenAt = opens;
      const after = await place('clock-presale-after', sku);
      expect([await typeOf(last.orderId), await typeOf(after.orderId)]).toEqual(['PRESALE', 'NORMAL']);
    } finally {
      frozenAt = null;
    }

    const { paymentId, orderId } = await place('clock-presale', sku);
    expect(await typeOf(orderId)).toBe('PRESALE');
    expect((await pay(paymentId)).data!.sandboxPay.userErrors).toEqual([]);
    const balanceOf = async () =>
      rowsOf<{ balance_payment_id: string | null; deposit_paid_at: unknown }>(
        await t.graph.host!.database.forCenter('orders').execute(sql`select balance_payment_id, deposit_paid_at from orders.orders where id = ${orderId}`),
      )[0]!;
    await waitFor(async () => (await balanceOf()).deposit_paid_at, { what: 'the deposit paid' });
    const open = await queuedJob('orders', 'openBalance', 'orderId', orderId);
    const end = await queuedJob('orders', 'expireBalance', 'orderId', orderId);
    expect([open.startAfter, end.startAfter]).toEqual([opens, ends]);

    await expect(runJobAt('orders', 'openBalance', open.data, opens - 1)).rejects.toThrow(/payable from/);
    expect((await balanceOf()).balance_payment_id).toBeNull();
    await runJobAt('orders', 'openBalance', open.data, opens);
    const balancePaymentId = (await balanceOf()).balance_payment_id;
    expect(balancePaymentId).toMatch(/^pay_/);

    await expect(runJobAt('orders', 'expireBalance', end.data, ends - 1)).rejects.toThrow(/payable until/);
    expect(await orderStatus(t, orderId)).toBe('PENDING_PAYMENT');
    await runJobAt('orders', 'expireBalance', end.data, ends);
    expect(await orderStatus(t, orderId)).toBe('CLOSED');
    // After the window the balance cannot be paid.
    expect((await pay(balancePaymentId!)).data!.sandboxPay.userErrors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
  });

  it('auto-confirm: delivered 1 ms before the confirmation window ends, completed at it', async () => {
    const { paymentId, orderId } = await place('clock-confirm', skus[4]!);
    await payCheckout(t, paymentId, [orderId]);
    await deliver(orderId);
    const job = await queuedJob('orders', 'autoConfirm', 'orderId', orderId);
    const due = time(job.data.dueAt);
    expect(job.startAfter).toBe(due);
    const [order] = await query<{ delivered_at: unknown }>('orders', sql`select delivered_at from orders.orders where id = ${orderId}`);
    // The default window, 7 days after delivery (the job is queued as the order turns DELIVERED).
    expect(due - time(order!.delivered_at)).toBeGreaterThanOrEqual(7 * 86_400_000);
    expect(due - time(order!.delivered_at)).toBeLessThan(7 * 86_400_000 + 60_000);

    await expect(runJobAt('orders', 'autoConfirm', job.data, due - 1)).rejects.toThrow(/confirmed automatically from/);
    expect(await orderStatus(t, orderId)).toBe('DELIVERED');
    await runJobAt('orders', 'autoConfirm', job.data, due);
    expect(await orderStatus(t, orderId)).toBe('COMPLETED');
  });

  it('after-sale auto-approval: PENDING 1 ms before its deadline, approved at it (a request nobody answered)', async () => {
    const { paymentId, orderId } = await place('clock-aftersale', skus[0]!);
    await payCheckout(t, paymentId, [orderId]);
    const { data } = await t.gql<{ order: { lines: { id: string }[] } }>(
      'query($id: ID!) { order(id: $id) { lines { id } } }',
      { id: orderId },
      t.tokens.admin,
    );
    const filedAt = Date.now();
    const filed = await fileRequest(t, { orderId, orderLineId: data!.order.lines[0]!.id, type: 'REFUND_ONLY', quantity: 1, reasonCode: 'NO_REASON' });
    expect(filed.data!.fileAfterSaleRequest.userErrors).toEqual([]);
    const request = filed.data!.fileAfterSaleRequest.request!;
    const due = time(request.autoApproveAt);
    // The default window, 48 hours, counted from the request's clock.
    expect(due - filedAt).toBeGreaterThanOrEqual(48 * 3_600_000);
    expect(due - Date.now()).toBeLessThanOrEqual(48 * 3_600_000);
    const job = await queuedJob('aftersales', 'autoApprove', 'requestId', request.id);
    expect(job.startAfter).toBe(due);

    // Guards against approving early: 1 ms before, the job asks again at the deadline and changes nothing.
    await runJobAt('aftersales', 'autoApprove', job.data, due - 1);
    expect((await requestById(t, request.id)).status).toBe('PENDING');
    await runJobAt('aftersales', 'autoApprove', job.data, due);
    const approved = await requestById(t, request.id);
    expect(approved.status).not.toBe('PENDING');
    expect(approved.history.map((h) => h.to)).toContain('APPROVED');
    expect(approved.history.find((h) => h.to === 'APPROVED')!.reason).toBe('not answered in time: approved automatically');
  });

  it('ticket SLA: no breach 1 ms before the first-response deadline, priority raised at it', async () => {
    const openedAt = Date.now();
    const opened = await t.gql<{ openServiceTicket: { ticket: { id: string; priority: string; firstResponseDueAt: string } | null; userErrors: unknown[] } }>(
      'mutation { openServiceTicket(input: { subject: "Where is my parcel?", category: PRODUCT, body: "?" }) { ticket { id priority firstResponseDueAt } userErrors { code } } }',
      {},
      t.tokens.customer,
    );
    expect(opened.data!.openServiceTicket.userErrors).toEqual([]);
    const ticket = opened.data!.openServiceTicket.ticket!;
    expect(ticket.priority).toBe('NORMAL');
    const due = time(ticket.firstResponseDueAt);
    expect(due).toBeGreaterThan(openedAt);
    const rows = await query<{ payload: Row; start_after: unknown }>(
      'aftersales',
      sql`select payload, start_after from aftersales.outbox where kind = 'job' and topic = 'ticketSla' and payload->>'ticketId' = ${ticket.id} and payload->>'clock' = 'FIRST_RESPONSE'`,
    );
    expect(rows).toHaveLength(1);
    expect(time(rows[0]!.start_after)).toBe(due);

    const readTicket = async () =>
      (
        await t.gql<{ serviceTicket: { priority: string; firstResponseBreached: boolean } }>(
          'query($id: ID!) { serviceTicket(id: $id) { priority firstResponseBreached } }',
          { id: ticket.id },
          t.tokens.admin,
        )
      ).data!.serviceTicket;
    // Guards against breaching early (a deadline compared with < instead of <=, or the wrong clock).
    await runJobAt('aftersales', 'ticketSla', rows[0]!.payload, due - 1);
    expect(await readTicket()).toEqual({ priority: 'NORMAL', firstResponseBreached: false });
    await runJobAt('aftersales', 'ticketSla', rows[0]!.payload, due);
    expect(await readTicket()).toEqual({ priority: 'HIGH', firstResponseBreached: true });
  });

  it('auto-confirm in real time (the one real-time test of this job): a short window completes the order', async () => {
    const { paymentId, orderId } = await place('real-confirm', skus[5]!);
    await payCheckout(t, paymentId, [orderId]);
    // The window is read when the order turns DELIVERED: a short one for this order only.
    process.env.ORDER_AUTO_CONFIRM_SECONDS = '2';
    try {
      await deliver(orderId);
    } finally {
      delete process.env.ORDER_AUTO_CONFIRM_SECONDS;
    }
    const deliveredAt = Date.now();
    expect(await orderStatus(t, orderId)).toBe('DELIVERED');
    await waitFor(async () => (await orderStatus(t, orderId)) === 'COMPLETED', { what: 'the order confirmed automatically', timeoutMs: 15_000 });
    expect(Date.now() - deliveredAt).toBeGreaterThanOrEqual(1_000);
  });
});

/** Ships the order and advances the sandbox carrier until its parcels are delivered. */
async function deliver(orderId: string): Promise<void> {
  await shipOrder(t, orderId);
  const { data } = await t.gql<{ order: { shipments: { id: string }[] } }>(
    'query($id: ID!) { order(id: $id) { shipments { id } } }',
    { id: orderId },
    t.tokens.admin,
  );
  expect(data!.order.shipments.length).toBeGreaterThan(0);
  for (const shipment of data!.order.shipments) {
    for (let step = 0; step < 6; step++) {
      const res = await t.gql<{ sandboxAdvanceShipment: { result: { status: string } | null } }>(
        'mutation($id: ID!) { sandboxAdvanceShipment(shipmentId: $id) { result { status } userErrors { code } } }',
        { id: shipment.id },
        t.tokens.admin,
      );
      if (res.data?.sandboxAdvanceShipment.result?.status === 'DELIVERED') break;
    }
  }
  await waitFor(async () => (await orderStatus(t, orderId)) === 'DELIVERED', { what: `order ${orderId} delivered` });
}
