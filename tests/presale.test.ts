import { sql } from 'drizzle-orm';
import { DEMO_MEMBER_ID, rowsOf } from '@zhongtai/kit';
import { waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { ADDRESS, availableOf, buyableSkus, orderStatus, PLACE_ORDER, type BuyableSku } from './support/shopping.ts';

let t: TestGraph;
let sku: BuyableSku;
let other: BuyableSku;
/** When `sku`'s balance window opens and ends. */
let window: { opens: number; ends: number };

type Presale = {
  order: {
    type: string;
    status: string;
    deposit: { amount: string };
    balance: { amount: string };
    payable: { amount: string };
    depositPaidAt: string | null;
    balancePaymentId: string | null;
  };
};
const PRESALE = 'query($id: ID!) { order(id: $id) { type status deposit { amount } balance { amount } payable { amount } depositPaidAt balancePaymentId } }';

beforeAll(async () => {
  t = await startTestGraph();
  [sku, other] = (await buyableSkus(t, t.shopA, 2, 6)) as [BuyableSku, BuyableSku];
  window = await planPresale(sku, 10_000);
});

/** The SKU's merchant puts it on presale: deposits until `opensIn`, the balance for 6 s after. */
async function planPresale(target: BuyableSku, opensIn: number, depositPerUnit = '1.00'): Promise<{ opens: number; ends: number }> {
  const opens = new Date(Date.now() + opensIn);
  const plan = await t.gql<{ createPresalePlan: { presalePlan: { id: string } | null; userErrors: unknown[] } }>(
    'mutation($input: CreatePresalePlanInput!) { createPresalePlan(input: $input) { presalePlan { id } userErrors { field code message } } }',
    {
      input: {
        skuId: target.id,
        depositPerUnit: { amount: depositPerUnit, currencyCode: 'CNY' },
        balanceStartsAt: opens.toISOString(),
        balanceEndsAt: new Date(opens.getTime() + 6_000).toISOString(),
      },
    },
    t.tokens.merchantA,
  );
  expect(plan.data!.createPresalePlan.userErrors).toEqual([]);
  return { opens: opens.getTime(), ends: opens.getTime() + 6_000 };
}
afterAll(async () => {
  await t?.stop();
});

const placePresale = async (key: string, target = sku) => {
  const res = await t.gql<{ placeOrder: { checkout: { paymentId: string } | null; orders: { id: string }[] | null; userErrors: unknown[] } }>(
    PLACE_ORDER,
    { input: { idempotencyKey: key, lines: [{ skuId: target.id, quantity: 2 }], address: ADDRESS } },
    t.tokens.customer,
  );
  expect(res.data!.placeOrder.userErrors).toEqual([]);
  return { paymentId: res.data!.placeOrder.checkout!.paymentId, orderId: res.data!.placeOrder.orders![0]!.id };
};
const pay = (paymentId: string) =>
  t.gql('mutation($id: ID!) { sandboxPay(input: { paymentId: $id }) { userErrors { code message } } }', { id: paymentId }, t.tokens.customer);

/** The deposit paid, then the balance once its window opens: the order is PAID. */
const paidInFull = async (paymentId: string, orderId: string) => {
  expect((await pay(paymentId)).errors).toBeUndefined();
  const balancePaymentId = await waitFor(async () => (await t.gql<Presale>(PRESALE, { id: orderId }, t.tokens.customer)).data!.order.balancePaymentId, {
    what: 'the balance window',
    timeoutMs: 30_000,
  });
  expect((await pay(balancePaymentId)).errors).toBeUndefined();
  await waitFor(async () => (await orderStatus(t, orderId)) === 'PAID', { what: 'paid in full' });
  return { balancePaymentId, order: (await t.gql<Presale>(PRESALE, { id: orderId }, t.tokens.customer)).data!.order };
};

describe('presale (预售): a deposit now, the balance in its window', () => {
  it('a presale item is ordered on its own; other merchants cannot plan another shop SKU', async () => {
    const mixed = await t.gql<{ placeOrder: { userErrors: { field: string[]; code: string }[] } }>(
      PLACE_ORDER,
      {
        input: {
          idempotencyKey: 'presale-mixed',
          lines: [
            { skuId: sku.id, quantity: 1 },
            { skuId: other.id, quantity: 1 },
          ],
          address: ADDRESS,
        },
      },
      t.tokens.customer,
    );
    expect(mixed.data!.placeOrder.userErrors).toEqual([expect.objectContaining({ field: ['input', 'lines'], code: 'INVALID' })]);
    const foreign = await t.gql(
      'mutation($input: CreatePresalePlanInput!) { createPresalePlan(input: $input) { presalePlan { id } } }',
      {
        input: {
          skuId: sku.id,
          depositPerUnit: { amount: '1.00', currencyCode: 'CNY' },
          balanceStartsAt: new Date(Date.now() + 60_000).toISOString(),
          balanceEndsAt: new Date(Date.now() + 120_000).toISOString(),
        },
      },
      t.tokens.merchantB,
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('is paid twice: deposit, then the balance once its window opens; then it is PAID', async () => {
    const { paymentId, orderId } = await placePresale('presale-1');
    const placed = (await t.gql<Presale>(PRESALE, { id: orderId }, t.tokens.customer)).data!.order;
    expect(placed).toMatchObject({ type: 'PRESALE', status: 'PENDING_PAYMENT', deposit: { amount: '2.00' } });
    expect(Number(placed.deposit.amount) + Number(placed.balance.amount)).toBeCloseTo(Number(placed.payable.amount), 2);
    const paid = await pay(paymentId);
    expect(paid.errors, JSON.stringify(paid.errors)).toBeUndefined();
    await waitFor(async () => (await t.gql<Presale>(PRESALE, { id: orderId }, t.tokens.customer)).data!.order.depositPaidAt, { what: 'deposit paid' });
    expect(await orderStatus(t, orderId)).toBe('PENDING_PAYMENT');
    // Guards against a balance payable as soon as the deposit is paid (the open-balance job
    // scheduled at the deposit, not at the window): no balance payment until the window opens.
    await t.graph.host!.bus!.relayNow();
    const watchUntil = Math.min(Date.now() + 2_000, window.opens - 200);
    expect(watchUntil - Date.now(), 'the window opened before the check could run: raise opensIn').toBeGreaterThan(1_000);
    while (Date.now() < watchUntil) {
      expect((await t.gql<Presale>(PRESALE, { id: orderId }, t.tokens.customer)).data!.order.balancePaymentId).toBeNull();
      await new Promise((r) => setTimeout(r, 100));
    }
    const balancePayment = await waitFor(async () => (await t.gql<Presale>(PRESALE, { id: orderId }, t.tokens.customer)).data!.order.balancePaymentId, {
      what: 'the balance window',
      timeoutMs: 30_000,
    });
    expect(Date.now()).toBeGreaterThanOrEqual(window.opens);
    expect(Date.now()).toBeLessThan(window.ends);
    expect((await pay(balancePayment)).errors).toBeUndefined();
    await waitFor(async () => (await orderStatus(t, orderId)) === 'PAID', { what: 'paid in full' });
  });

  it('paid in full and cancelled before shipping: the deposit goes back through the deposit payment, the rest through the balance payment, and the books are square', async () => {
    const target = ((await buyableSkus(t, t.shopA, 4, 6)) as BuyableSku[])[3]!;
    await planPresale(target, 3_000);
    const { paymentId, orderId } = await placePresale('presale-cancel-paid', target);
    const { balancePaymentId, order } = await paidInFull(paymentId, orderId);

    const cancelled = await t.gql<{ cancelOrder: { userErrors: unknown[] } }>(
      'mutation($i: CancelOrderInput!) { cancelOrder(input: $i) { userErrors { code message } } }',
      { i: { orderId, reason: 'changed my mind' } },
      t.tokens.customer,
    );
    expect(cancelled.data!.cancelOrder.userErrors).toEqual([]);
    const REFUNDS = 'query($id: ID!) { payment(id: $id) { refunds { status amount { amount } } } }';
    const refundsOf = async (id: string) =>
      (await t.gql<{ payment: { refunds: { status: string; amount: { amount: string } }[] } }>(REFUNDS, { id }, t.tokens.admin)).data!.payment.refunds;
    await waitFor(async () => (await refundsOf(paymentId)).length > 0 && (await refundsOf(balancePaymentId)).length > 0, { what: 'both payments refunded' });
    // Each payment gives back what it took: the deposit (2 x 1.00) and the balance, freight included.
    expect(await refundsOf(paymentId)).toEqual([{ status: 'SUCCEEDED', amount: order.deposit }]);
    expect(await refundsOf(balancePaymentId)).toEqual([{ status: 'SUCCEEDED', amount: order.balance }]);
    // The order lists both, and they add up to what was paid.
    const listed = await t.gql<{ order: { refunds: { amount: { amount: string } }[] } }>(
      'query($id: ID!) { order(id: $id) { refunds { amount { amount } } } }',
      { id: orderId },
      t.tokens.admin,
    );
    const total = listed.data!.order.refunds.reduce((sum, r) => sum + Math.round(Number(r.amount.amount) * 100), 0);
    expect(total).toBe(Math.round(Number(order.payable.amount) * 100));
    // Finance: both refunds come out of the customer's advance (the deposit moved there when the balance was paid), owed and then
    // paid by the provider; none out of the deposits held, which no longer hold this one.
    const refundIds = (
      await t.gql<{ order: { refunds: { id: string }[] } }>('query($id: ID!) { order(id: $id) { refunds { id } } }', { id: orderId }, t.tokens.admin)
    ).data!.order.refunds.map((r) => r.id);
    expect(refundIds).toHaveLength(2);
    const books = await waitFor(
      async () => {
        const rows = rowsOf<{ code: string; n: string; entries: number }>(
          await t.graph.host!.database.forCenter('finance')
            .execute(sql`select p.code, sum(p.amount)::text as n, count(distinct e.id)::int as entries from finance.journal_entries e join finance.postings p on p.entry_id = e.id
              where e.kind = 'REFUND' and (e.memo like ${`%${refundIds[0]}%`} or e.memo like ${`%${refundIds[1]}%`}) group by p.code order by p.code::text`),
        );
        return rows.find((r) => r.code === 'PROVIDER_CLEARING')?.entries === 2 ? rows : undefined;
      },
      { what: 'finance posted both refunds' },
    );
    const payable = BigInt(Math.round(Number(order.payable.amount) * 100));
    expect(books.map((b) => [b.code, BigInt(b.n)])).toEqual([
      ['CUSTOMER_ADVANCES', payable],
      ['PROVIDER_CLEARING', -payable],
      ['REFUNDS_PAYABLE', 0n],
    ]);
  });

  it('paid in full, refunded whole by its merchant: the balance payment first, then beyond it the deposit payment, under one refund key', async () => {
    const target = ((await buyableSkus(t, t.shopA, 5, 6)) as BuyableSku[])[4]!;
    // A deposit of half the price: more than the freight, so the goods alone pass what the balance took.
    const half = (Math.floor(Number(target.price) * 50) / 100).toFixed(2);
    await planPresale(target, 3_000, half);
    const { paymentId, orderId } = await placePresale('presale-refund-paid', target);
    const { balancePaymentId, order } = await paidInFull(paymentId, orderId);
    const cents = (amount: string) => Math.round(Number(amount) * 100);
    const toAmount = (minor: number) => (minor / 100).toFixed(2);
    const line = (
      await t.gql<{ order: { lines: { id: string; finalAmount: { amount: string } }[] } }>(
        'query($id: ID!) { order(id: $id) { lines { id finalAmount { amount } } } }',
        { id: orderId },
        t.tokens.admin,
      )
    ).data!.order.lines[0]!;
    const goods = cents(line.finalAmount.amount);
    expect(goods).toBeGreaterThan(cents(order.balance.amount));

    const REFUND = 'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { refundId status userErrors { field code message } } }';
    const refund = (key: string, amount: number) =>
      t.gql<{ refundOrder: { refundId: string | null; status: string | null; userErrors: { code: string }[] } }>(
        REFUND,
        {
          input: {
            orderId,
            idempotencyKey: key,
            reason: 'damaged on arrival',
            lines: [{ orderLineId: line.id, amount: { amount: toAmount(amount), currencyCode: 'CNY' } }],
          },
        },
        t.tokens.merchantA,
      );
    // 10.00 first: all of it from the balance.
    const first = await refund('presale-refund-1', 1000);
    expect(first.data!.refundOrder.userErrors).toEqual([]);
    // The rest of the goods: what the balance still holds, then the deposit (it was refused as EXCEEDS_CAPTURED before).
    const rest = await refund('presale-refund-2', goods - 1000);
    expect(rest.data!.refundOrder.userErrors).toEqual([]);
    // The same key again sends nothing more; with another amount it is refused.
    expect((await refund('presale-refund-2', goods - 1000)).data!.refundOrder.refundId).toBe(rest.data!.refundOrder.refundId);
    expect((await refund('presale-refund-2', goods - 1001)).data!.refundOrder.userErrors.map((e) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);

    const REFUNDS = 'query($id: ID!) { payment(id: $id) { refunds { status amount { amount } } } }';
    const refundedOf = async (id: string) =>
      (await t.gql<{ payment: { refunds: { status: string; amount: { amount: string } }[] } }>(REFUNDS, { id }, t.tokens.admin)).data!.payment.refunds;
    const sum = (refunds: { status: string; amount: { amount: string } }[]) =>
      refunds.filter((r) => r.status === 'SUCCEEDED').reduce((s, r) => s + cents(r.amount.amount), 0);
    // The balance payment gave back all it took; the deposit payment the rest of the goods; nothing twice.
    expect(sum(await refundedOf(balancePaymentId))).toBe(cents(order.balance.amount));
    expect(await refundedOf(paymentId)).toEqual([{ status: 'SUCCEEDED', amount: { amount: toAmount(goods - cents(order.balance.amount)) } }]);
    const refunded = await t.gql<{ order: { refunded: { amount: string } } }>(
      'query($id: ID!) { order(id: $id) { refunded { amount } } }',
      { id: orderId },
      t.tokens.admin,
    );
    expect(cents(refunded.data!.order.refunded.amount)).toBe(goods);

    // Cancelled now, only the freight is left, and it comes out of what is left of the deposit.
    const cancelled = await t.gql<{ cancelOrder: { userErrors: unknown[] } }>(
      'mutation($i: CancelOrderInput!) { cancelOrder(input: $i) { userErrors { code message } } }',
      { i: { orderId, reason: 'nothing left to ship' } },
      t.tokens.customer,
    );
    expect(cancelled.data!.cancelOrder.userErrors).toEqual([]);
    if (cents(order.payable.amount) > goods) await waitFor(async () => (await refundedOf(paymentId)).length === 2, { what: 'the freight refunded' });
    expect(sum(await refundedOf(paymentId))).toBe(Math.min(cents(order.deposit.amount), cents(order.payable.amount) - cents(order.balance.amount)));
    expect(sum(await refundedOf(paymentId)) + sum(await refundedOf(balancePaymentId))).toBe(cents(order.payable.amount));
  });

  it('closes when the balance is not paid in its window, giving back the stock (the deposit is kept)', async () => {
    await planPresale(other, 3_000);
    const before = await availableOf(t, other.id);
    const { paymentId, orderId } = await placePresale('presale-2', other);
    expect(await orderStatus(t, orderId)).toBe('PENDING_PAYMENT');
    expect(await availableOf(t, other.id)).toBe(before - 2);
    await pay(paymentId);
    await waitFor(async () => (await orderStatus(t, orderId)) === 'CLOSED', { what: 'the presale to close unpaid', timeoutMs: 40_000 });
    await waitFor(async () => (await availableOf(t, other.id)) === before, { what: 'stock released' });
    const deposit = await t.gql<{ payment: { status: string } }>('query($id: ID!) { payment(id: $id) { status } }', { id: paymentId }, t.tokens.admin);
    expect(deposit.data!.payment.status).toBe('SUCCEEDED');
    // Guards against a balance still payable after its window: the balance payment opened in the
    // window is closed with the order, and paying it now is refused and changes nothing.
    const balancePaymentId = (await t.gql<Presale>(PRESALE, { id: orderId }, t.tokens.customer)).data!.order.balancePaymentId;
    expect(balancePaymentId).toMatch(/^pay_/);
    const late = await t.gql<{ sandboxPay: { userErrors: { code: string }[] } }>(
      'mutation($id: ID!) { sandboxPay(input: { paymentId: $id }) { userErrors { code } } }',
      { id: balancePaymentId },
      t.tokens.customer,
    );
    expect(late.data!.sandboxPay.userErrors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
    const balance = await t.gql<{ payment: { status: string } }>('query($id: ID!) { payment(id: $id) { status } }', { id: balancePaymentId }, t.tokens.admin);
    expect(balance.data!.payment.status).toBe('CLOSED');
    expect(await orderStatus(t, orderId)).toBe('CLOSED');
    // Finance: the kept deposit leaves the deposits held and is the shop's revenue, less commission.
    const forfeited = await waitFor(
      async () => {
        const rows = rowsOf<{ code: string; amount: string }>(
          await t.graph
            .host!.database.forCenter('finance')
            .execute(
              sql`select p.code, p.amount::text as amount from finance.postings p join finance.journal_entries e on e.id = p.entry_id where e.order_id = ${orderId} and e.kind = 'DEPOSIT_FORFEITED'`,
            ),
        );
        return rows.length ? rows : undefined;
      },
      { what: 'finance recognised the kept deposit' },
    );
    const on = (code: string) => forfeited.filter((p) => p.code === code).reduce((s, p) => s + BigInt(p.amount), 0n);
    expect(on('DEPOSITS_HELD')).toBe(200n); // 2 units at 1.00 deposit
    // The shop's, less its commission: demo shop 1's seeded rate is 6 % (finance's demo seed).
    expect(on('MERCHANT_PAYABLE')).toBe(-188n);
    expect(on('COMMISSION_REVENUE')).toBe(-12n);
  });
});

/**
 * 积分 on a presale (issue 23): points spent at placeOrder lower what is left after the plan's fixed
 * deposit, so they are the BALANCE payment's tender (the deposit payment has none). Refunds of the
 * paid order go through the balance payment and give the points back in its proportion (rounded
 * down cumulatively, the refund completing the balance's goods returns every point left).
 */
describe('presale with points', () => {
  it('the balance payment carries the points; refunds of the paid order return them in the same proportion', async () => {
    const [, , third] = (await buyableSkus(t, t.shopA, 3, 6)) as [BuyableSku, BuyableSku, BuyableSku];
    const opens = new Date(Date.now() + 8_000);
    const plan = await t.gql<{ createPresalePlan: { userErrors: unknown[] } }>(
      'mutation($input: CreatePresalePlanInput!) { createPresalePlan(input: $input) { userErrors { field code message } } }',
      {
        input: {
          skuId: third.id,
          depositPerUnit: { amount: '1.00', currencyCode: 'CNY' },
          balanceStartsAt: opens.toISOString(),
          balanceEndsAt: new Date(opens.getTime() + 300_000).toISOString(),
        },
      },
      t.tokens.merchantA,
    );
    expect(plan.data!.createPresalePlan.userErrors).toEqual([]);
    const fen = (amount: string) => Math.round(Number(amount) * 100);
    const goods = fen(third.price) * 2;
    const granted = await t.gql<{ adjustPoints: { userErrors: unknown[] } }>(
      'mutation($i: AdjustPointsInput!) { adjustPoints(input: $i) { userErrors { code } } }',
      { i: { memberId: DEMO_MEMBER_ID, points: goods, reason: 'presale with points' } },
      t.tokens.admin,
    );
    expect(granted.data!.adjustPoints.userErrors).toEqual([]);
    const pointsBalance = async () =>
      (await t.gql<{ me: { pointsBalance: number } }>('{ me { pointsBalance } }', undefined, t.tokens.customer)).data!.me.pointsBalance;
    const before = await pointsBalance();

    const res = await t.gql<{
      placeOrder: {
        checkout: { paymentId: string; pointsUsed: number };
        orders: { id: string; freight: { amount: string }; lines: { id: string; discounts: { source: string; amount: { amount: string } }[] }[] }[];
        userErrors: unknown[];
      };
    }>(
      PLACE_ORDER,
      { input: { idempotencyKey: `presale-points-${Date.now()}`, lines: [{ skuId: third.id, quantity: 2 }], address: ADDRESS, pointsToUse: goods } },
      t.tokens.customer,
    );
    expect(res.data!.placeOrder.userErrors).toEqual([]);
    const { checkout, orders } = res.data!.placeOrder;
    const order = orders[0]!;
    const line = order.lines[0]!;
    const worth = line.discounts.filter((d) => d.source === 'POINTS').reduce((s, d) => s + fen(d.amount.amount), 0);
    expect(checkout.pointsUsed).toBeGreaterThan(0);
    expect(worth).toBe(checkout.pointsUsed); // one point a fen
    const TENDERS =
      'query($id: ID!) { payment(id: $id) { purpose tenders { kind amount { amount } points } refunds { status amount { amount } pointsReturned } } }';
    type Payment = {
      purpose: string;
      tenders: { kind: string; amount: { amount: string }; points: number | null }[];
      refunds: { status: string; amount: { amount: string }; pointsReturned: number }[];
    };
    const paymentOf = async (id: string) => (await t.gql<{ payment: Payment }>(TENDERS, { id }, t.tokens.admin)).data!.payment;
    // The deposit is the plan's 2 x 1.00, through the provider only.
    expect(await paymentOf(checkout.paymentId)).toEqual({
      purpose: 'DEPOSIT',
      tenders: [{ kind: 'PROVIDER', amount: { amount: '2.00' }, points: null }],
      refunds: [],
    });
    expect((await pay(checkout.paymentId)).errors).toBeUndefined();
    const balancePaymentId = await waitFor(async () => (await t.gql<Presale>(PRESALE, { id: order.id }, t.tokens.customer)).data!.order.balancePaymentId, {
      what: 'the balance window',
      timeoutMs: 60_000,
    });
    const balance = fen((await t.gql<Presale>(PRESALE, { id: order.id }, t.tokens.customer)).data!.order.balance.amount);
    expect(await paymentOf(balancePaymentId)).toEqual({
      purpose: 'BALANCE',
      tenders: [
        { kind: 'PROVIDER', amount: { amount: (balance / 100).toFixed(2) }, points: null },
        { kind: 'POINTS', amount: { amount: (worth / 100).toFixed(2) }, points: checkout.pointsUsed },
      ],
      refunds: [],
    });
    expect((await pay(balancePaymentId)).errors).toBeUndefined();
    await waitFor(async () => (await orderStatus(t, order.id)) === 'PAID', { what: 'paid in full' });
    expect(await pointsBalance()).toBe(before - checkout.pointsUsed);

    // The merchant refunds half of what the balance paid for the goods, then the other half.
    const balanceGoods = balance - fen(order.freight.amount);
    const half = Math.floor(balanceGoods / 2);
    const REFUND = 'mutation($i: RefundOrderInput!) { refundOrder(input: $i) { status userErrors { field code message } } }';
    const refund = (amount: number, key: string) =>
      t.gql<{ refundOrder: { status: string | null; userErrors: unknown[] } }>(
        REFUND,
        {
          i: {
            orderId: order.id,
            idempotencyKey: key,
            reason: 'presale refund',
            lines: [{ orderLineId: line.id, amount: { amount: (amount / 100).toFixed(2), currencyCode: 'CNY' } }],
          },
        },
        t.tokens.merchantA,
      );
    expect((await refund(half, 'presale-points-1')).data!.refundOrder).toEqual({ status: 'SUCCEEDED', userErrors: [] });
    const first = Math.floor((checkout.pointsUsed * half) / balanceGoods);
    expect((await paymentOf(balancePaymentId)).refunds).toEqual([{ status: 'SUCCEEDED', amount: { amount: (half / 100).toFixed(2) }, pointsReturned: first }]);
    await waitFor(async () => (await pointsBalance()) === before - checkout.pointsUsed + first, { what: 'the first refund’s points back' });
    expect((await refund(balanceGoods - half, 'presale-points-2')).data!.refundOrder).toEqual({ status: 'SUCCEEDED', userErrors: [] });
    const refunds = (await paymentOf(balancePaymentId)).refunds;
    expect(refunds.map((r) => r.pointsReturned)).toEqual([first, checkout.pointsUsed - first]);
    await waitFor(async () => (await pointsBalance()) === before, { what: 'every point back' });
    // The deposit stays with its payment: nothing was refunded there.
    expect((await paymentOf(checkout.paymentId)).refunds).toEqual([]);
  });
});
