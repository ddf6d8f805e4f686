import { DEMO_MEMBER_ID } from '@zhongtai/kit';
import { signedSandboxCallback } from '@zhongtai/payments/sandbox';
import { waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { ADDRESS, availableOf, buyableSkus, orderStatus, payCheckout, PLACE_ORDER, type BuyableSku } from './support/shopping.ts';

type Line = { id: string; sku: { id: string }; quantity: number; finalAmount: { amount: string }; discounts: { source: string; amount: { amount: string } }[] };
type PlacedOrder = { id: string; status: string; shop: { id: string }; payable: { amount: string }; freight: { amount: string }; lines: Line[] };
type Placed = {
  placeOrder: {
    checkout: { id: string; paymentId: string; payable: { amount: string }; pointsUsed: number; couponCode: string | null } | null;
    orders: PlacedOrder[] | null;
    userErrors: { field: string[] | null; code: string; message: string }[];
  };
};
type EditedOrder = { id: string; payable: { amount: string }; freight: { amount: string }; lines: Line[] };
type Edited = {
  editOrder: {
    order: EditedOrder | null;
    checkout: { id: string; paymentId: string; payable: { amount: string }; pointsUsed: number } | null;
    userErrors: { field: string[] | null; code: string; message: string }[];
  };
};

const ORDER_FIELDS =
  'id status shop { id } payable { amount } freight { amount } lines { id sku { id } quantity finalAmount { amount } discounts { source amount { amount } } }';
const EDIT = `mutation($input: EditOrderInput!) { editOrder(input: $input) {
  order { ${ORDER_FIELDS} } checkout { id paymentId payable { amount } pointsUsed } userErrors { field code message } } }`;
const PLACE_FOR_MEMBER = `mutation($input: PlaceOrderForMemberInput!) { placeOrderForMember(input: $input) {
  checkout { id paymentId payable { amount } } orders { ${ORDER_FIELDS} placedBy { staffId role reason } } userErrors { field code message } } }`;
const ORDER = `query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} refunds { id } placedBy { staffId role reason } checkout { id paymentId payable { amount } } } }`;
const PAYMENT = 'query($id: ID!) { payment(id: $id) { status amount { amount } } }';

const RUN = Date.now().toString(36);
let keys = 0;
const key = (what: string) => `${what}-${RUN}-${keys++}`;
/** Money as fen, for exact sums. */
const fen = (amount: string) => Math.round(Number(amount) * 100);

describe('order edits, checkout reprice and orders placed by staff (issue 19, items 6 and 7)', () => {
  let t: TestGraph;
  let skuA: BuyableSku;
  let skuA2: BuyableSku;
  let skuB: BuyableSku;
  /** A new member at the base level: no level discount, no free shipping (the demo member ships free). */
  let regular: string;
  let regularId: string;

  const place = async (lines: { skuId: string; quantity: number }[], couponCode?: string, token = regular) => {
    const res = await t.gql<Placed>(PLACE_ORDER, { input: { idempotencyKey: key('place'), lines, address: ADDRESS, couponCode } }, token);
    if (res.errors || res.data!.placeOrder.userErrors.length) throw new Error(JSON.stringify(res.errors ?? res.data!.placeOrder.userErrors));
    return res.data!.placeOrder as { checkout: NonNullable<Placed['placeOrder']['checkout']>; orders: PlacedOrder[] };
  };
  const edit = async (orderId: string, lines: { orderLineId: string; quantity: number }[], token = regular, idempotencyKey = key('edit')) =>
    t.gql<Edited>(EDIT, { input: { orderId, idempotencyKey, lines } }, token);
  const order = async (id: string, token = t.tokens.admin) =>
    (
      await t.gql<{
        order: PlacedOrder & {
          refunds: { id: string }[];
          placedBy: { staffId: string; role: string; reason: string } | null;
          checkout: { id: string; paymentId: string; payable: { amount: string } };
        };
      }>(ORDER, { id }, token)
    ).data!.order;
  const payment = async (id: string) =>
    (await t.gql<{ payment: { status: string; amount: { amount: string } } }>(PAYMENT, { id }, t.tokens.admin)).data!.payment;

  beforeAll(async () => {
    t = await startTestGraph();
    [skuA, skuA2] = (await buyableSkus(t, t.shopA, 2, 20)) as [BuyableSku, BuyableSku];
    [skuB] = (await buyableSkus(t, t.shopB, 1, 5)) as [BuyableSku];
    const member = await t.gql<{ registerMember: { member: { id: string } } }>(
      'mutation { registerMember(input: { name: "改单 Editor", phone: "13900008888" }) { member { id } userErrors { code message } } }',
      undefined,
      t.tokens.admin,
    );
    regularId = member.data!.registerMember.member.id;
    regular = await t.graph.tokens.sign({ role: 'CUSTOMER', memberId: regularId, subject: 'customer:regular' });
    // Shop A charges freight by the piece: 5.00 for the first, 1.00 for each more (so edits change it).
    const template = await t.gql<{ createFreightTemplate: { userErrors: unknown[] } }>(
      `mutation($input: CreateFreightTemplateInput!) { createFreightTemplate(input: $input) { userErrors { field code message } } }`,
      {
        input: {
          shopId: t.shopA,
          name: `按件 edits ${RUN}`,
          chargeBy: 'PIECE',
          isDefault: true,
          rules: [
            {
              firstUnits: 1,
              firstPrice: { amount: '5.00', currencyCode: 'CNY' },
              additionalUnits: 1,
              additionalPrice: { amount: '1.00', currencyCode: 'CNY' },
            },
          ],
        },
      },
      t.tokens.admin,
    );
    expect(template.errors ?? template.data!.createFreightTemplate.userErrors).toEqual([]);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('cancelling one of two unpaid shop orders reprices the payment: the old one closes, the new one is for what is left', async () => {
    const stockB = await availableOf(t, skuB.id);
    const placed = await place([
      { skuId: skuA.id, quantity: 1 },
      { skuId: skuB.id, quantity: 1 },
    ]);
    const a = placed.orders.find((o) => o.shop.id === t.shopA)!;
    const b = placed.orders.find((o) => o.shop.id === t.shopB)!;
    expect(fen(placed.checkout.payable.amount)).toBe(fen(a.payable.amount) + fen(b.payable.amount));
    expect((await payment(placed.checkout.paymentId)).amount.amount).toBe(placed.checkout.payable.amount);

    const cancel = await t.gql<{ cancelOrder: { userErrors: unknown[] } }>(
      'mutation($id: ID!) { cancelOrder(input: { orderId: $id }) { userErrors { code } } }',
      { id: b.id },
      regular,
    );
    expect(cancel.data!.cancelOrder.userErrors).toEqual([]);
    const repriced = await waitFor(
      async () => {
        const now = await order(a.id);
        return now.checkout.paymentId !== placed.checkout.paymentId ? now.checkout : undefined;
      },
      { what: 'the checkout repriced after the cancel' },
    );
    expect(repriced.payable.amount).toBe(a.payable.amount);
    expect(await payment(repriced.paymentId)).toEqual({ status: 'PENDING', amount: { amount: a.payable.amount } });
    // The code handed out for the whole amount can no longer capture it.
    expect((await payment(placed.checkout.paymentId)).status).toBe('CLOSED');
    expect(await availableOf(t, skuB.id)).toBe(stockB);

    // The old code scanned anyway: the provider takes the money, the payment center gives it all back; no order moves.
    const old = (
      await t.gql<{ payment: { providerPaymentId: string } }>(
        'query($id: ID!) { payment(id: $id) { providerPaymentId } }',
        { id: placed.checkout.paymentId },
        t.tokens.admin,
      )
    ).data!.payment;
    const late = signedSandboxCallback({
      type: 'payment.succeeded',
      providerPaymentId: old.providerPaymentId,
      amount: String(fen(placed.checkout.payable.amount)),
      currency: 'CNY',
    });
    const hook = await fetch(`${new URL(t.graph.url).origin}/hooks/payments/sandbox/callback`, { method: 'POST', headers: late.headers, body: late.rawBody });
    expect(hook.status).toBe(200);
    const lateRefunds = await waitFor(
      async () => {
        const res = await t.gql<{ payment: { status: string; refunds: { status: string; amount: { amount: string } }[] } }>(
          'query($id: ID!) { payment(id: $id) { status refunds { status amount { amount } } } }',
          { id: placed.checkout.paymentId },
          t.tokens.admin,
        );
        const done = res.data?.payment.refunds.filter((r) => r.status === 'SUCCEEDED') ?? [];
        return done.length ? { status: res.data!.payment.status, amounts: done.map((r) => r.amount.amount) } : undefined;
      },
      { what: 'the late payment of the old code refunded' },
    );
    expect(lateRefunds).toEqual({ status: 'CLOSED', amounts: [placed.checkout.payable.amount] });
    expect(await orderStatus(t, a.id)).toBe('PENDING_PAYMENT');

    await payCheckout(t, repriced.paymentId, [a.id], regular);
    expect(await orderStatus(t, b.id)).toBe('CANCELLED');
    // Nothing to give back: the cancelled order was never in the payment.
    expect((await order(b.id)).refunds).toEqual([]);
    expect((await order(a.id)).refunds).toEqual([]);
  });

  it('raising a quantity re-reserves stock and reprices coupon, freight and payment exactly as a fresh checkout would', async () => {
    // The coupon needs exactly what X×2 + Y×1 costs after promotions: lowering X later falls below it.
    const preview = await t.gql<{ previewCart: { cart: { total: { amount: string } } } }>(
      'query($input: PreviewCartInput!) { previewCart(input: $input) { cart { total { amount } } userErrors { code message } } }',
      {
        input: {
          lines: [
            { skuId: skuA.id, quantity: 2 },
            { skuId: skuA2.id, quantity: 1 },
          ],
        },
      },
      regular,
    );
    const [coupon, twin] = await coupons(t, preview.data!.previewCart.cart.total.amount, 2, regular);
    const placed = await place(
      [
        { skuId: skuA.id, quantity: 2 },
        { skuId: skuA2.id, quantity: 1 },
      ],
      coupon,
    );
    const [placedOrder] = placed.orders;
    expect(placedOrder!.freight.amount).toBe('7.00'); // 3 pieces
    const lineX = placedOrder!.lines.find((l) => l.sku.id === skuA.id)!;
    const before = await availableOf(t, skuA.id);

    const edited = await edit(placedOrder!.id, [{ orderLineId: lineX.id, quantity: 3 }]);
    expect(edited.data!.editOrder.userErrors).toEqual([]);
    const after = edited.data!.editOrder;
    expect(await availableOf(t, skuA.id)).toBe(before - 1);
    expect(after.order!.lines.find((l) => l.id === lineX.id)!.quantity).toBe(3);
    expect(after.order!.freight.amount).toBe('8.00'); // 4 pieces
    const finals = after.order!.lines.reduce((sum, l) => sum + fen(l.finalAmount.amount), 0);
    expect(fen(after.order!.payable.amount)).toBe(finals + 800);
    expect(after.checkout!.payable.amount).toBe(after.order!.payable.amount);
    const couponOff = after.order!.lines.flatMap((l) => l.discounts).filter((d) => d.source === 'COUPON');
    expect(couponOff.reduce((sum, d) => sum + fen(d.amount.amount), 0)).toBe(100);
    // The payment handed out for the old amount is closed; the new one is for the new amount.
    expect(after.checkout!.paymentId).not.toBe(placed.checkout.paymentId);
    expect((await payment(placed.checkout.paymentId)).status).toBe('CLOSED');
    expect(await payment(after.checkout!.paymentId)).toEqual({ status: 'PENDING', amount: { amount: after.checkout!.payable.amount } });

    // The same cart placed afresh (a twin coupon of the same rules) costs exactly the same, line by line.
    const fresh = await place(
      [
        { skuId: skuA.id, quantity: 3 },
        { skuId: skuA2.id, quantity: 1 },
      ],
      twin,
    );
    const shape = (o: { payable: { amount: string }; freight: { amount: string }; lines: Line[] }) => ({
      payable: o.payable.amount,
      freight: o.freight.amount,
      lines: o.lines
        .map((l) => ({
          sku: l.sku.id,
          quantity: l.quantity,
          final: l.finalAmount.amount,
          discounts: l.discounts.map((d) => `${d.source}:${d.amount.amount}`).sort(),
        }))
        .sort((x, y) => x.sku.localeCompare(y.sku)),
    });
    expect(shape(after.order!)).toEqual(shape(fresh.orders[0]!));

    // Below the coupon's threshold: refused, nothing changes (stock, amounts, payment).
    const below = await edit(placedOrder!.id, [{ orderLineId: lineX.id, quantity: 1 }]);
    expect(below.data!.editOrder.userErrors.map((e) => e.code)).toEqual(['BELOW_THRESHOLD']);
    expect(await availableOf(t, skuA.id)).toBe(before - 4); // this order's 3 and the fresh one's 3, less the 2 it started with
    const unchanged = await order(placedOrder!.id);
    expect(unchanged.payable.amount).toBe(after.order!.payable.amount);
    expect(unchanged.checkout.paymentId).toBe(after.checkout!.paymentId);
  });

  it('removing a line gives its stock back and lowers freight and payable; the same key answers the same, another change under it is refused', async () => {
    const placed = await place([
      { skuId: skuA.id, quantity: 1 },
      { skuId: skuA2.id, quantity: 2 },
    ]);
    const [o] = placed.orders;
    const lineX = o!.lines.find((l) => l.sku.id === skuA.id)!;
    const lineY = o!.lines.find((l) => l.sku.id === skuA2.id)!;
    expect(o!.freight.amount).toBe('7.00');
    const stockY = await availableOf(t, skuA2.id);
    const editKey = key('remove');
    const removed = await edit(o!.id, [{ orderLineId: lineY.id, quantity: 0 }], regular, editKey);
    expect(removed.data!.editOrder.userErrors).toEqual([]);
    const after = removed.data!.editOrder;
    expect(after.order!.lines.map((l) => l.id)).toEqual([lineX.id]);
    expect(after.order!.freight.amount).toBe('5.00');
    expect(fen(after.order!.payable.amount)).toBe(fen(after.order!.lines[0]!.finalAmount.amount) + 500);
    expect(after.checkout!.payable.amount).toBe(after.order!.payable.amount);
    expect(await availableOf(t, skuA2.id)).toBe(stockY + 2);

    const again = await edit(o!.id, [{ orderLineId: lineY.id, quantity: 0 }], regular, editKey);
    expect(again.data!.editOrder.userErrors).toEqual([]);
    expect(again.data!.editOrder.checkout!.paymentId).toBe(after.checkout!.paymentId);
    expect(await availableOf(t, skuA2.id)).toBe(stockY + 2);
    const reused = await edit(o!.id, [{ orderLineId: lineX.id, quantity: 2 }], regular, editKey);
    expect(reused.data!.editOrder.userErrors.map((e) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    // The last line stays: cancel the order instead.
    const last = await edit(o!.id, [{ orderLineId: lineX.id, quantity: 0 }]);
    expect(last.data!.editOrder.userErrors.map((e) => e.code)).toEqual(['INVALID']);

    // More than the warehouse has: OUT_OF_STOCK, nothing held, the payment still the same.
    const stockX = await availableOf(t, skuA.id);
    const tooMany = await edit(o!.id, [{ orderLineId: lineX.id, quantity: Math.min(999, stockX + 2) }]);
    expect(tooMany.data!.editOrder.userErrors.map((e) => e.code)).toEqual(['OUT_OF_STOCK']);
    expect(await availableOf(t, skuA.id)).toBe(stockX);
    expect((await order(o!.id)).checkout.paymentId).toBe(after.checkout!.paymentId);

    // Paid: an edit is refused and points to after-sales.
    await payCheckout(t, after.checkout!.paymentId, [o!.id], regular);
    const paid = await edit(o!.id, [{ orderLineId: lineX.id, quantity: 2 }]);
    expect(paid.data!.editOrder.userErrors).toEqual([
      { field: ['input', 'orderId'], code: 'INVALID_TRANSITION', message: expect.stringContaining('after-sale') },
    ]);
    expect(await availableOf(t, skuA.id)).toBe(stockX);
  });

  it('points are capped by the smaller cart: the difference goes back to the member, the rest when the order ends', async () => {
    const balance = async () => (await t.gql<{ me: { pointsBalance: number } }>('{ me { pointsBalance } }', undefined, regular)).data!.me.pointsBalance;
    const granted = await t.gql<{ adjustPoints: { userErrors: unknown[] } }>(
      'mutation($input: AdjustPointsInput!) { adjustPoints(input: $input) { userErrors { code message } } }',
      { input: { memberId: regularId, points: 10_000_000, reason: '改单 points test' } },
      t.tokens.admin,
    );
    expect(granted.errors ?? granted.data!.adjustPoints.userErrors).toEqual([]);
    const start = await balance();
    const res = await t.gql<Placed>(
      PLACE_ORDER,
      { input: { idempotencyKey: key('points'), lines: [{ skuId: skuA.id, quantity: 3 }], address: ADDRESS, pointsToUse: start } },
      regular,
    );
    const placed = res.data!.placeOrder;
    expect(placed.userErrors).toEqual([]);
    const spent = placed.checkout!.pointsUsed;
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThan(start); // capped by the cart, not by the balance
    // What marketing lets one unit use of the same points.
    const preview = await t.gql<{ previewCart: { cart: { pointsUsed: number } } }>(
      'query($input: PreviewCartInput!) { previewCart(input: $input) { cart { pointsUsed } userErrors { code message } } }',
      { input: { lines: [{ skuId: skuA.id, quantity: 1 }], pointsToUse: spent } },
      regular,
    );
    const capped = preview.data!.previewCart.cart.pointsUsed;
    expect(capped).toBeLessThan(spent);

    const o = placed.orders![0]!;
    const edited = await edit(o.id, [{ orderLineId: o.lines[0]!.id, quantity: 1 }]);
    expect(edited.data!.editOrder.userErrors).toEqual([]);
    expect(edited.data!.editOrder.checkout!.pointsUsed).toBe(capped);
    await waitFor(async () => (await balance()) === start - capped, { what: 'the points the smaller cart cannot use back to the member' });

    const cancel = await t.gql<{ cancelOrder: { userErrors: unknown[] } }>(
      'mutation($id: ID!) { cancelOrder(input: { orderId: $id }) { userErrors { code } } }',
      { id: o.id },
      regular,
    );
    expect(cancel.data!.cancelOrder.userErrors).toEqual([]);
    await waitFor(async () => (await balance()) === start, { what: 'the rest of the points back when the order ended' });
  });

  it('an order placed by staff shows who placed it, is listed as such and paid by the member; a merchant places only for its own shop', async () => {
    const forMember = (input: Record<string, unknown>, token: string) =>
      t.gql<{
        placeOrderForMember: { checkout: { paymentId: string } | null; orders: (PlacedOrder & { placedBy: unknown })[] | null; userErrors: { code: string }[] };
      }>(PLACE_FOR_MEMBER, { input: { memberId: DEMO_MEMBER_ID, idempotencyKey: key('staff'), address: ADDRESS, ...input } }, token);
    const byAdmin = await forMember({ reason: '电话下单 ordered by phone', lines: [{ skuId: skuA.id, quantity: 1 }] }, t.tokens.admin);
    expect(byAdmin.data!.placeOrderForMember.userErrors).toEqual([]);
    const adminOrder = byAdmin.data!.placeOrderForMember.orders![0]!;
    expect(adminOrder.placedBy).toEqual({ staffId: expect.any(String), role: 'ADMIN', reason: '电话下单 ordered by phone' });
    // The member sees it as theirs, with who placed it, and finds it among orders staff placed.
    expect((await order(adminOrder.id, t.tokens.customer)).placedBy).toMatchObject({ role: 'ADMIN' });
    const mine = await t.gql<{ myOrders: { nodes: { id: string }[] } }>(
      '{ myOrders(first: 100, filter: { placedByStaff: true }) { nodes { id } } }',
      undefined,
      t.tokens.customer,
    );
    expect(mine.data!.myOrders.nodes.map((n) => n.id)).toContain(adminOrder.id);
    const listed = async (placedByStaff: boolean) =>
      (
        await t.gql<{ orders: { nodes: { id: string }[] } }>(
          'query($p: Boolean) { orders(first: 100, filter: { placedByStaff: $p }) { nodes { id } } }',
          { p: placedByStaff },
          t.tokens.admin,
        )
      ).data!.orders.nodes.map((n) => n.id);
    expect(await listed(true)).toContain(adminOrder.id);
    expect(await listed(false)).not.toContain(adminOrder.id);

    // A merchant: its own shop's items only (FORBIDDEN before anything is held), and a reason.
    const stockB = await availableOf(t, skuB.id);
    const foreign = await forMember({ reason: 'for another shop', lines: [{ skuId: skuB.id, quantity: 1 }] }, t.tokens.merchantA);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await availableOf(t, skuB.id)).toBe(stockB);
    const noReason = await forMember({ reason: ' ', lines: [{ skuId: skuA.id, quantity: 1 }] }, t.tokens.merchantA);
    expect(noReason.data!.placeOrderForMember.userErrors.map((e) => e.code)).toEqual(['REQUIRED']);
    const customer = await forMember({ reason: 'myself', lines: [{ skuId: skuA.id, quantity: 1 }] }, t.tokens.customer);
    expect(customer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const byMerchant = await forMember({ reason: '门店代下单 at the counter', lines: [{ skuId: skuA.id, quantity: 1 }] }, t.tokens.merchantA);
    expect(byMerchant.data!.placeOrderForMember.userErrors).toEqual([]);
    const merchantOrder = byMerchant.data!.placeOrderForMember.orders![0]!;
    expect(merchantOrder.placedBy).toMatchObject({ role: 'MERCHANT', reason: '门店代下单 at the counter' });
    // The merchant may change what it placed while unpaid; not an order the member placed.
    const merchantEdit = await edit(merchantOrder.id, [{ orderLineId: merchantOrder.lines[0]!.id, quantity: 2 }], t.tokens.merchantA);
    expect(merchantEdit.data!.editOrder.userErrors).toEqual([]);
    const own = await place([{ skuId: skuA.id, quantity: 1 }], undefined, t.tokens.customer);
    const notTheirs = await edit(own.orders[0]!.id, [{ orderLineId: own.orders[0]!.lines[0]!.id, quantity: 2 }], t.tokens.merchantA);
    expect(notTheirs.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // The member pays the staff's order as usual.
    await payCheckout(t, merchantEdit.data!.editOrder.checkout!.paymentId, [merchantOrder.id]);
    await payCheckout(t, byAdmin.data!.placeOrderForMember.checkout!.paymentId, [adminOrder.id]);
  });
});

// Races need parallel connections and real row locks: PostgreSQL only.
describe.runIf(process.env.DATABASE_URL)('order edits under concurrency (PostgreSQL)', () => {
  let t: TestGraph;
  beforeAll(async () => {
    t = await startTestGraph();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('ten concurrent edits raising the quantity of the last units in stock never oversell', async () => {
    const [sku] = await buyableSkus(t, t.shopA, 1, 20);
    const placeOne = async (quantity: number) => {
      const res = await t.gql<Placed>(
        PLACE_ORDER,
        { input: { idempotencyKey: key('race'), lines: [{ skuId: sku!.id, quantity }], address: ADDRESS } },
        t.tokens.customer,
      );
      const placed = res.data!.placeOrder;
      if (!placed.orders) throw new Error(JSON.stringify(res.errors ?? placed.userErrors));
      return placed.orders[0]!;
    };
    const orders = [];
    for (let i = 0; i < 10; i++) orders.push(await placeOne(1));
    // Every order's units come from one warehouse: leave exactly 5 available there.
    const warehouseLeft = async () => {
      const res = await t.gql<{ sku: { stock: { warehouses: { warehouse: { id: string }; available: number }[] } } }>(
        'query($id: ID!) { sku(id: $id) { stock { warehouses { warehouse { id } available } } } }',
        { id: sku!.id },
        t.tokens.admin,
      );
      return res.data!.sku.stock.warehouses;
    };
    const warehouseIds = new Set(orders.map((o) => (o as unknown as { lines: { warehouseId: string }[] }).lines[0]!.warehouseId));
    expect(warehouseIds.size).toBe(1);
    const [warehouseId] = [...warehouseIds];
    const left = (await warehouseLeft()).find((w) => w.warehouse.id === warehouseId)!.available;
    if (left > 5) await placeOne(left - 5);
    expect((await warehouseLeft()).find((w) => w.warehouse.id === warehouseId)!.available).toBe(5);

    const results = await Promise.all(
      orders.map((o) =>
        t.gql<Edited>(
          EDIT,
          { input: { orderId: o.id, idempotencyKey: key('race-edit'), lines: [{ orderLineId: o.lines[0]!.id, quantity: 2 }] } },
          t.tokens.customer,
        ),
      ),
    );
    const codes = results.map((r) => (r.errors ? 'ERROR' : r.data!.editOrder.userErrors.map((e) => e.code).join(',') || 'OK')).sort();
    expect(codes).toEqual([...Array<string>(5).fill('OK'), ...Array<string>(5).fill('OUT_OF_STOCK')]);
    expect((await warehouseLeft()).find((w) => w.warehouse.id === warehouseId)!.available).toBe(0);
    const quantities = await Promise.all(
      orders.map(
        async (o) =>
          (await t.gql<{ order: { lines: { quantity: number }[] } }>('query($id: ID!) { order(id: $id) { lines { quantity } } }', { id: o.id }, t.tokens.admin))
            .data!.order.lines[0]!.quantity,
      ),
    );
    expect(quantities.reduce((a, b) => a + b, 0)).toBe(15);
  });
});

/** Platform coupons of identical rules (each from its own template: 满 minSpend 减 1.00), claimed by the customer. */
async function coupons(t: TestGraph, minSpend: string, count: number, customer: string): Promise<string[]> {
  const codes: string[] = [];
  for (let i = 0; i < count; i++) {
    const now = Date.now();
    const template = await t.gql<{ createCouponTemplate: { couponTemplate: { id: string } | null; userErrors: unknown[] } }>(
      `mutation($input: CreateCouponTemplateInput!) { createCouponTemplate(input: $input) { couponTemplate { id } userErrors { field code message } } }`,
      {
        input: {
          name: `改单 满${minSpend}减1 ${RUN}-${i}`,
          kind: 'THRESHOLD',
          amountOff: { amount: '1.00', currencyCode: 'CNY' },
          minSpend: { amount: minSpend, currencyCode: 'CNY' },
          scope: 'PLATFORM',
          claimableFrom: new Date(now - 60_000).toISOString(),
          claimableUntil: new Date(now + 86_400_000).toISOString(),
          validDays: 7,
          totalQuantity: 10,
        },
      },
      t.tokens.admin,
    );
    if (!template.data?.createCouponTemplate.couponTemplate) throw new Error(JSON.stringify(template.errors ?? template.data?.createCouponTemplate.userErrors));
    const claim = await t.gql<{ claimCoupon: { coupon: { code: string } } }>(
      'mutation($id: ID!) { claimCoupon(input: { templateId: $id }) { coupon { code } userErrors { field code message } } }',
      { id: template.data.createCouponTemplate.couponTemplate.id },
      customer,
    );
    codes.push(claim.data!.claimCoupon.coupon.code);
  }
  return codes;
}
