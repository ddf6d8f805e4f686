import { waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, deliveredOrder, dispatchOf, fileRequest, settled } from './support/aftersales.ts';
import { warehouseWith } from './support/fulfillment.ts';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { ADDRESS, buyableSkus, orderStatus, payCheckout, PLACE_ORDER } from './support/shopping.ts';

let t: TestGraph;
beforeAll(async () => {
  t = await startTestGraph();
});
afterAll(async () => {
  await t?.stop();
});

type Placed = {
  placeOrder: {
    checkout: { paymentId: string } | null;
    orders: { id: string; lines: { id: string; sku: { id: string }; quantity: number; warehouseId: string | null }[] }[];
    userErrors: { field: string[] | null; code: string; message: string }[];
  };
};
type Voucher = { code: string; orderLineId: string; status: string; redeemableAfterDelivery: boolean };

const RUN = Date.now().toString(36);
let keys = 0;
const place = async (lines: { skuId: string; quantity: number; serviceDate?: string }[]) =>
  (await t.gql<Placed>(PLACE_ORDER, { input: { idempotencyKey: `svc-${RUN}-${keys++}`, lines, address: ADDRESS } }, t.tokens.customer)).data!.placeOrder;

/** The seeded product of that type whose name contains `keyword`: its first SKU and shop. */
async function seeded(keyword: string, productType: string) {
  const res = await t.gql<{ spus: { nodes: { name: string; shop: { id: string }; skus: { id: string }[] }[] } }>(
    'query($k: String!, $p: ProductType!) { spus(first: 5, filter: { keyword: $k, productType: $p, status: ON_SALE }) { nodes { name shop { id } skus { id } } } }',
    { k: keyword, p: productType },
    t.tokens.admin,
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const spu = res.data!.spus.nodes[0];
  if (!spu) throw new Error(`no seeded ${productType} product named ${keyword}`);
  return { shopId: spu.shop.id, skuIds: spu.skus.map((s) => s.id) };
}

const VOUCHERS = 'query($o: ID!) { serviceVouchers(orderId: $o) { code orderLineId status redeemableAfterDelivery } }';
const vouchersOf = async (orderId: string, count: number) =>
  waitFor(
    async () => {
      const res = await t.gql<{ serviceVouchers: Voucher[] }>(VOUCHERS, { o: orderId }, t.tokens.customer);
      return res.data?.serviceVouchers.length === count ? res.data.serviceVouchers : undefined;
    },
    { what: `${count} vouchers of ${orderId}` },
  );
const REDEEM = 'mutation($c: String!) { redeemServiceVoucher(input: { code: $c }) { serviceVoucher { status } userErrors { code message } } }';
const redeem = async (code: string) =>
  (await t.gql<{ redeemServiceVoucher: { serviceVoucher: { status: string } | null; userErrors: { code: string }[] } }>(REDEEM, { c: code }, t.tokens.admin))
    .data!.redeemServiceVoucher;

/** A day in China time, `days` from today. */
const chinaDay = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

describe('service products (issue 19)', () => {
  it('buying the seeded installation service holds no stock, issues its vouchers when paid and ships nothing', async () => {
    const service = await seeded('家具安装服务', 'SERVICE');
    const placed = await place([{ skuId: service.skuIds[0]!, quantity: 2 }]);
    expect(placed.userErrors).toEqual([]);
    const order = placed.orders[0]!;
    expect(order.lines[0]!.warehouseId).toBeNull();
    // Not payCheckout: the order may pass PAID to DELIVERED (its vouchers) before a poll sees PAID.
    const paid = await t.gql(
      'mutation($id: ID!) { sandboxPay(input: { paymentId: $id }) { userErrors { code message } } }',
      { id: placed.checkout!.paymentId },
      t.tokens.customer,
    );
    expect(paid.errors).toBeUndefined();

    const vouchers = await vouchersOf(order.id, 2);
    expect(new Set(vouchers.map((v) => v.code)).size).toBe(2);
    expect(vouchers.every((v) => v.status === 'ISSUED' && !v.redeemableAfterDelivery && v.orderLineId === order.lines[0]!.id)).toBe(true);
    // Nothing ships: no notice, no outbound order; the vouchers are the delivery.
    await waitFor(async () => (await orderStatus(t, order.id)) === 'DELIVERED', { what: 'service order delivered by its vouchers' });
    const dispatch = await dispatchOf(t, order.id);
    expect(dispatch).toEqual({ notices: [], outbound: [] });
    expect((await redeem(vouchers[0]!.code)).serviceVoucher?.status).toBe('REDEEMED');
    expect(await orderStatus(t, order.id)).toBe('DELIVERED');
    // The service is done when the shop has honoured every voucher: the order completes.
    expect((await redeem(vouchers[1]!.code)).serviceVoucher?.status).toBe('REDEEMED');
    await waitFor(async () => (await orderStatus(t, order.id)) === 'COMPLETED', { what: 'service order completed by its redemptions' });
  });

  it('furniture with installation ships the goods; its voucher is redeemable only once they are delivered', async () => {
    const wardrobe = await seeded('衣柜', 'PHYSICAL_WITH_SERVICE');
    const skuId = wardrobe.skuIds[0]!;
    await warehouseWith(t, [{ skuId, quantity: 5 }]);
    const placed = await place([{ skuId, quantity: 1 }]);
    expect(placed.userErrors).toEqual([]);
    const order = placed.orders[0]!;
    expect(order.lines[0]!.warehouseId).not.toBeNull();
    await payCheckout(t, placed.checkout!.paymentId, [order.id]);

    const [voucher] = await vouchersOf(order.id, 1);
    expect(voucher).toMatchObject({ status: 'ISSUED', redeemableAfterDelivery: true, orderLineId: order.lines[0]!.id });
    const early = await redeem(voucher!.code);
    expect(early.serviceVoucher).toBeNull();
    expect(early.userErrors.map((e) => e.code)).toEqual(['NOT_DELIVERED']);

    await deliveredOrder(t, order.id);
    expect((await dispatchOf(t, order.id)).notices).toHaveLength(1);
    expect((await redeem(voucher!.code)).serviceVoucher?.status).toBe('REDEEMED');
    await waitFor(async () => (await orderStatus(t, order.id)) === 'COMPLETED', { what: 'installed order completed by its redemption' });
  });

  it('an after-sale refund of the furniture voids its unredeemed installation voucher', async () => {
    const wardrobe = await seeded('衣柜', 'PHYSICAL_WITH_SERVICE');
    const skuId = wardrobe.skuIds[0]!;
    await warehouseWith(t, [{ skuId, quantity: 2 }]);
    const placed = await place([{ skuId, quantity: 1 }]);
    expect(placed.userErrors).toEqual([]);
    const order = placed.orders[0]!;
    await payCheckout(t, placed.checkout!.paymentId, [order.id]);
    const [voucher] = await vouchersOf(order.id, 1);

    const filed = await fileRequest(t, { orderId: order.id, orderLineId: order.lines[0]!.id, type: 'REFUND_ONLY', quantity: 1 });
    expect(filed.data?.fileAfterSaleRequest.userErrors).toEqual([]);
    const id = filed.data!.fileAfterSaleRequest.request!.id;
    expect((await decide(t, 'approve', { id }, t.tokens.admin)).data?.result.userErrors).toEqual([]);
    await settled(t, id, ['REFUNDED']);
    await waitFor(
      async () => {
        const res = await t.gql<{ serviceVouchers: Voucher[] }>(VOUCHERS, { o: order.id }, t.tokens.customer);
        return res.data?.serviceVouchers[0]?.status === 'VOIDED';
      },
      { what: 'the installation voucher voided' },
    );
    expect((await redeem(voucher!.code)).userErrors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
  });

  it('a service with 3 slots a day refuses the 4th order for that day; a cancelled order gives its slot back', async () => {
    const service = await seeded('家具安装服务', 'SERVICE');
    const skuId = service.skuIds[1] ?? service.skuIds[0]!;
    const set = await t.gql<{ updateSku: { sku: { dailyCapacity: number | null } | null; userErrors: unknown[] } }>(
      'mutation($i: UpdateSkuInput!) { updateSku(input: $i) { sku { dailyCapacity } userErrors { field code message } } }',
      { i: { id: skuId, dailyCapacity: 3 } },
      t.tokens.admin,
    );
    expect(set.data?.updateSku).toEqual({ sku: { dailyCapacity: 3 }, userErrors: [] });

    const day = chinaDay(3);
    const first = await place([{ skuId, quantity: 2, serviceDate: day }]);
    const second = await place([{ skuId, quantity: 1, serviceDate: day }]);
    expect([first.userErrors, second.userErrors]).toEqual([[], []]);
    const fourth = await place([{ skuId, quantity: 1, serviceDate: day }]);
    expect(fourth.orders).toBeNull();
    expect(fourth.userErrors).toEqual([expect.objectContaining({ code: 'CAPACITY_FULL', field: ['input', 'lines', '0', 'serviceDate'] })]);
    // Another day has its own 3 slots.
    expect((await place([{ skuId, quantity: 3, serviceDate: chinaDay(4) }])).userErrors).toEqual([]);
    // A goods line books no day: one given for it is refused, not dropped.
    const [goods] = await buyableSkus(t, t.shopA, 1, 2);
    const onGoods = await place([{ skuId: goods!.id, quantity: 1, serviceDate: day }]);
    expect(onGoods.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'lines', '0', 'serviceDate'] })]);

    const cancelled = await t.gql<{ cancelOrder: { userErrors: unknown[] } }>(
      'mutation($id: ID!) { cancelOrder(input: { orderId: $id, reason: "换个时间" }) { userErrors { code message } } }',
      { id: second.orders[0]!.id },
      t.tokens.customer,
    );
    expect(cancelled.data?.cancelOrder.userErrors).toEqual([]);
    const again = await waitFor(
      async () => {
        const res = await place([{ skuId, quantity: 1, serviceDate: day }]);
        return res.userErrors.length === 0 ? res : undefined;
      },
      { what: 'the cancelled order gave its slot back' },
    );
    expect(again.orders).toHaveLength(1);
    expect((await place([{ skuId, quantity: 1, serviceDate: day }])).userErrors.map((e) => e.code)).toEqual(['CAPACITY_FULL']);
  });
});

// Races need parallel connections: PostgreSQL only (CI runs the suite there too).
describe.runIf(process.env.DATABASE_URL)('service slots under concurrency (PostgreSQL)', () => {
  it('eight concurrent checkouts for a day with 3 slots: exactly 3 are placed, the others are CAPACITY_FULL', async () => {
    const service = await seeded('家具安装服务', 'SERVICE');
    const skuId = service.skuIds[2] ?? service.skuIds[0]!;
    await t.gql('mutation($i: UpdateSkuInput!) { updateSku(input: $i) { userErrors { code } } }', { i: { id: skuId, dailyCapacity: 3 } }, t.tokens.admin);
    const day = chinaDay(10);
    const results = await Promise.all(Array.from({ length: 8 }, () => place([{ skuId, quantity: 1, serviceDate: day }])));
    expect(results.filter((r) => r.userErrors.length === 0)).toHaveLength(3);
    expect(results.filter((r) => r.userErrors.some((e) => e.code === 'CAPACITY_FULL'))).toHaveLength(5);
  });
});
