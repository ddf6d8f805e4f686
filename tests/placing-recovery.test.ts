import { sql } from 'drizzle-orm';
import { DEMO_MEMBER_ID, paymentsService, type RequestContext, type ServiceClient } from '@zhongtai/kit';
import { placeOrder, recoverStuckCheckouts } from '@zhongtai/orders';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { CHECKOUT_BY_KEY, NOTHING_ORPHANED, orphanedHolds, rowsOf } from './support/placing.ts';
import { ADDRESS, availableOf, buyableSkus, claimPlatformCoupon, PLACE_ORDER, type BuyableSku } from './support/shopping.ts';

/**
 * The placeOrder recovery job on its own (PGlite and PostgreSQL): a request that stops half-way
 * (here: frozen before it opens the payment, as a dead process would be) leaves a PLACING
 * checkout holding stock, a coupon and points; the job ends it and gives all of that back.
 * The process-kill version under load is placing-kill.test.ts (PostgreSQL).
 */
describe('placeOrder recovery', () => {
  let t: TestGraph;
  let skus: BuyableSku[];
  type Placed = {
    placeOrder: { checkout: { id: string } | null; orders: { id: string }[] | null; userErrors: { field: string[] | null; code: string; message: string }[] };
  };
  const input = (key: string, skuId: string, extra: Record<string, unknown> = {}) => ({
    idempotencyKey: key,
    lines: [{ skuId, quantity: 2 }],
    address: ADDRESS,
    ...extra,
  });
  const me = async () => (await t.gql<{ me: { pointsBalance: number } }>('{ me { pointsBalance } }', undefined, t.tokens.customer)).data!.me.pointsBalance;
  const couponStatus = async (code: string) =>
    (
      await t.gql<{ myCoupons: { nodes: { code: string; status: string }[] } }>(
        '{ myCoupons(first: 100) { nodes { code status } } }',
        undefined,
        t.tokens.customer,
      )
    ).data!.myCoupons.nodes.find((c) => c.code === code)?.status;
  const ordersDb = () => t.graph.host!.database.forCenter('orders');
  const checkoutRow = async (id: string) =>
    (
      await rowsOf<{ status: string; release_pending: boolean; held_orders: unknown }>(
        ordersDb(),
        sql`select status, release_pending, held_orders from orders.checkouts where id = ${id}`,
      )
    )[0];
  const systemCtx = () => t.graph.host!.contextFor('orders', { role: 'SERVICE', subject: 'system:orders' });

  /** A customer context whose createPayment call waits for `release`: the request is "frozen" there with its other holds taken. */
  async function frozenBeforePayment(): Promise<{ ctx: RequestContext; reached: Promise<void>; release: () => void }> {
    const ctx = await t.graph.host!.contextFor('orders', { role: 'CUSTOMER', memberId: DEMO_MEMBER_ID, subject: 'customer:test' });
    let reach!: () => void;
    let release!: () => void;
    const reached = new Promise<void>((r) => (reach = r));
    const gate = new Promise<void>((r) => (release = r));
    const real = ctx.services;
    const services = {
      call: async (operation: unknown, variables: unknown) => {
        if (operation === paymentsService.createPayment) {
          reach();
          await gate;
        }
        return real.call(operation as never, variables as never);
      },
    } as unknown as ServiceClient;
    return { ctx: { ...ctx, services }, reached, release };
  }

  beforeAll(async () => {
    t = await startTestGraph();
    skus = await buyableSkus(t, t.shopA, 3, 10);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('a checkout stuck in PLACING with stock, coupon and points held ends FAILED with all of it given back; a retry of its key says so', async () => {
    const sku = skus[0]!;
    const [stockBefore, pointsBefore] = [await availableOf(t, sku.id), await me()];
    const couponCode = await claimPlatformCoupon(t);
    const frozen = await frozenBeforePayment();
    const request = placeOrder(frozen.ctx, input('stuck-1', sku.id, { couponCode, pointsToUse: 50 }));
    await frozen.reached;

    const checkoutId = (await rowsOf<{ id: string }>(ordersDb(), sql`select id from orders.checkouts where idempotency_key = 'stuck-1'`))[0]!.id;
    expect(await availableOf(t, sku.id)).toBe(stockBefore - 2);
    expect(await couponStatus(couponCode)).toBe('LOCKED');
    expect(await me()).toBe(pointsBefore - 50);
    expect((await checkoutRow(checkoutId))!.held_orders).toEqual({ reservations: [expect.stringMatching(/^ord_/)], flashSales: [] });

    // While it is placing, a retry is told to come back, never refused for good.
    const early = await t.gql<Placed>(PLACE_ORDER, { input: input('stuck-1', sku.id, { couponCode, pointsToUse: 50 }) }, t.tokens.customer);
    expect(early.data!.placeOrder.userErrors.map((e) => e.code)).toEqual(['CHECKOUT_IN_PROGRESS']);
    expect((await t.gql(CHECKOUT_BY_KEY, { key: 'stuck-1' }, t.tokens.customer)).data!.checkoutByIdempotencyKey.status).toBe('PLACING');

    // Younger than the threshold: left alone.
    expect((await recoverStuckCheckouts(await systemCtx())).failed).not.toContain(checkoutId);
    const report = await recoverStuckCheckouts(await systemCtx(), { olderThanSeconds: 0 });
    expect(report.failed).toEqual([checkoutId]);
    expect(report.released).toEqual([checkoutId]);
    expect(await checkoutRow(checkoutId)).toMatchObject({ status: 'FAILED', release_pending: false });
    expect(await availableOf(t, sku.id)).toBe(stockBefore);
    expect(await couponStatus(couponCode)).toBe('AVAILABLE');
    expect(await me()).toBe(pointsBefore);

    // A second run (another process, or the next tick) changes nothing.
    expect(await recoverStuckCheckouts(await systemCtx(), { olderThanSeconds: 0 })).toEqual({ completed: [], failed: [], released: [] });

    // The frozen request wakes up past its deadline: it opens the payment, finds its checkout
    // ended, writes no order and gives back what it took since.
    frozen.release();
    const late = await request;
    expect(late.ok).toBe(false);
    expect(!late.ok && late.errors.map((e) => e.code)).toEqual(['CHECKOUT_FAILED']);
    expect(await rowsOf(ordersDb(), sql`select id from orders.orders where checkout_id = ${checkoutId}`)).toEqual([]);
    expect(await availableOf(t, sku.id)).toBe(stockBefore);
    expect(await orphanedHolds(ordersDb())).toEqual(NOTHING_ORPHANED);

    const retried = await t.gql<Placed>(PLACE_ORDER, { input: input('stuck-1', sku.id, { couponCode, pointsToUse: 50 }) }, t.tokens.customer);
    expect(retried.data!.placeOrder.checkout).toBeNull();
    expect(retried.data!.placeOrder.userErrors).toEqual([{ field: null, code: 'CHECKOUT_FAILED', message: expect.stringContaining('new idempotency key') }]);
    const asked = await t.gql(CHECKOUT_BY_KEY, { key: 'stuck-1' }, t.tokens.customer);
    expect(asked.data!.checkoutByIdempotencyKey).toMatchObject({ status: 'FAILED', checkout: null, userErrors: [{ code: 'CHECKOUT_FAILED' }] });
    // A new key places it.
    const fresh = await t.gql<Placed>(PLACE_ORDER, { input: input('stuck-1-again', sku.id, { couponCode, pointsToUse: 50 }) }, t.tokens.customer);
    expect(fresh.data!.placeOrder.userErrors).toEqual([]);
  });

  it('a stuck checkout whose shop orders were saved is completed (PLACED) and a retry returns its orders', async () => {
    const placed = await t.gql<Placed>(PLACE_ORDER, { input: input('saved-1', skus[1]!.id) }, t.tokens.customer);
    const checkoutId = placed.data!.placeOrder.checkout!.id;
    // The state a crash between writing the orders and marking the checkout would leave (placeOrder
    // writes both in one transaction; the job does not rely on that).
    await ordersDb().execute(sql`update orders.checkouts set status = 'PLACING', payment_id = null, pay_url = null where id = ${checkoutId}`);
    const report = await recoverStuckCheckouts(await systemCtx(), { olderThanSeconds: 0 });
    expect(report).toMatchObject({ completed: [checkoutId], failed: [] });
    const row = (
      await rowsOf<{ status: string; payment_id: string | null }>(ordersDb(), sql`select status, payment_id from orders.checkouts where id = ${checkoutId}`)
    )[0]!;
    expect(row.status).toBe('PLACED');
    expect(row.payment_id).toMatch(/^pay_/);
    const retried = await t.gql<Placed>(PLACE_ORDER, { input: input('saved-1', skus[1]!.id) }, t.tokens.customer);
    expect(retried.data!.placeOrder.checkout!.id).toBe(checkoutId);
    expect(retried.data!.placeOrder.orders!.map((o) => o.id)).toEqual(placed.data!.placeOrder.orders!.map((o) => o.id));
    const asked = await t.gql(CHECKOUT_BY_KEY, { key: 'saved-1' }, t.tokens.customer);
    expect(asked.data!.checkoutByIdempotencyKey).toMatchObject({ status: 'PLACED', checkout: { id: checkoutId }, userErrors: [] });
  });

  it('requests finishing while two recovery runs end them: each checkout ends once, PLACED with its orders or FAILED with nothing held', async () => {
    const sku = skus[2]!;
    const frozen = await Promise.all(Array.from({ length: 8 }, () => frozenBeforePayment()));
    const requests = frozen.map((f, i) => placeOrder(f.ctx, { ...input(`race-${i}`, sku.id), lines: [{ skuId: sku.id, quantity: 1 }] }));
    await Promise.all(frozen.map((f) => f.reached));
    const [a, b] = [await systemCtx(), await systemCtx()];
    // Release the requests and start both runs together: on PostgreSQL they truly race.
    const runs = Promise.all([recoverStuckCheckouts(a, { olderThanSeconds: 0 }), recoverStuckCheckouts(b, { olderThanSeconds: 0 })]);
    frozen.forEach((f) => f.release());
    const [reports, results] = await Promise.all([runs, Promise.all(requests)]);
    const endedByJob = reports.flatMap((r) => [...r.failed, ...r.completed]);
    expect(new Set(endedByJob).size).toBe(endedByJob.length);
    const rows = await rowsOf<{ id: string; status: string; idempotency_key: string; n: number }>(
      ordersDb(),
      sql`select k.id, k.status, k.idempotency_key, (select count(*)::int from orders.orders o where o.checkout_id = k.id) as n from orders.checkouts k where k.idempotency_key like 'race-%'`,
    );
    expect(rows).toHaveLength(8);
    for (const row of rows) {
      const result = results[Number(row.idempotency_key.slice(5))]!;
      if (row.status === 'PLACED') {
        expect(row.n).toBeGreaterThan(0);
        expect(result.ok && result.value.checkout.id).toBe(row.id);
      } else {
        expect(row).toMatchObject({ status: 'FAILED', n: 0 });
        expect(endedByJob).toContain(row.id);
        expect(!result.ok && result.errors.map((e) => e.code)).toEqual(['CHECKOUT_FAILED']);
      }
    }
    expect(await orphanedHolds(ordersDb())).toEqual(NOTHING_ORPHANED);
  });

  it("checkoutByIdempotencyKey answers only the caller's own keys", async () => {
    const other = await t.graph.tokens.sign({ role: 'CUSTOMER', memberId: 'mbr_01JAAAAAAAAAAAAAAAAAAAAAAA', subject: 'customer:other' });
    const res = await t.gql(CHECKOUT_BY_KEY, { key: 'saved-1' }, other);
    expect(res.errors).toBeUndefined();
    expect(res.data!.checkoutByIdempotencyKey).toBeNull();
    const admin = await t.gql(CHECKOUT_BY_KEY, { key: 'saved-1' }, t.tokens.admin);
    expect(admin.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
