import { sql } from 'drizzle-orm';
import { DEMO_MEMBER_ID } from '@zhongtai/kit';
import { waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveredOrder } from './support/aftersales.ts';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { ADDRESS, buyableSkus, orderStatus, payCheckout, PLACE_ORDER, type BuyableSku } from './support/shopping.ts';

/**
 * BI 分析 through the gateway: orders placed, paid, refunded and completed by the centers
 * themselves; the analytics center hears their events and answers salesSummary and topSkus with
 * figures computed here from the orders as placed. Time is the graph's injected clock: a payment
 * at 23:30 Shanghai (15:30 UTC) and one at 00:30 the next Shanghai day (16:30 UTC, the same UTC
 * day), and a refund two months later.
 */
let t: TestGraph;
/** The graph's clock stands still here (requests, payments, refunds and jobs alike). */
let frozenAt = Date.parse('2026-12-31T15:30:00.000Z');
let skusA: BuyableSku[];
let skuB: BuyableSku;

beforeAll(async () => {
  t = await startTestGraph({ clock: () => new Date(frozenAt) });
  skusA = await buyableSkus(t, t.shopA, 2, 4);
  skuB = (await buyableSkus(t, t.shopB, 1, 2))[0]!;
});
afterAll(async () => {
  await t?.stop();
});

const fen = (amount: string) => Math.round(Number(amount) * 100);
const yuan = (minor: number) => ({ amount: (minor / 100).toFixed(2), currencyCode: 'CNY' });
const amt = (minor: number) => ({ amount: (minor / 100).toFixed(2) });

interface PlacedLine {
  id: string;
  sku: { id: string };
  quantity: number;
  finalAmount: { amount: string };
  discounts: { source: string; amount: { amount: string } }[];
}
interface PlacedOrder {
  id: string;
  shop: { id: string };
  payable: { amount: string };
  freight: { amount: string };
  lines: PlacedLine[];
}

async function placeAndPay(key: string, lines: { skuId: string; quantity: number }[], channel?: string): Promise<PlacedOrder[]> {
  const res = await t.gql<{ placeOrder: { checkout: { paymentId: string }; orders: PlacedOrder[]; userErrors: unknown[] } }>(
    PLACE_ORDER,
    { input: { idempotencyKey: `${key}-${frozenAt}`, lines, address: ADDRESS, channel } },
    t.tokens.customer,
  );
  if (res.errors || res.data!.placeOrder.userErrors.length) throw new Error(JSON.stringify(res.errors ?? res.data!.placeOrder.userErrors));
  const placed = res.data!.placeOrder;
  await payCheckout(
    t,
    placed.checkout.paymentId,
    placed.orders.map((o) => o.id),
  );
  return placed.orders;
}

const gross = (l: PlacedLine) => fen(l.finalAmount.amount) + l.discounts.reduce((s, d) => s + fen(d.amount.amount), 0);

const SUMMARY = `query($filter: SalesFilter!, $groupBy: [SalesDimension!]!) {
  salesSummary(filter: $filter, groupBy: $groupBy) {
    source
    rows { keys { day month shop { id } categoryId sku { id } region channel } figures { gmv { amount } paid { amount } refunded { amount } net { amount } orders units buyers } }
    totals { gmv { amount currencyCode } paid { amount currencyCode } refunded { amount currencyCode } net { amount currencyCode } orders units buyers }
  }
}`;
type Figures = {
  gmv: { amount: string };
  paid: { amount: string };
  refunded: { amount: string };
  net: { amount: string };
  orders: number;
  units: number;
  buyers: number;
};
type Summary = {
  source: string;
  rows: { keys: Record<string, any>; figures: Figures }[];
  totals: (Figures & { gmv: { currencyCode: string } })[];
};

async function summary(filter: Record<string, unknown>, groupBy: string[], token = t.tokens.analyst): Promise<Summary> {
  const res = await t.gql<{ salesSummary: Summary }>(SUMMARY, { filter, groupBy }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.salesSummary;
}

/** Waits until the analytics center's queues are drained (its events and jobs handled). */
async function analyticsSettled(): Promise<void> {
  // Every outbox relayed until empty (one relayNow moves at most 200 rows a center) and every
  // event handled; then analytics' own jobs.
  await t.graph.host!.bus!.drain();
  const db = t.graph.host!.database.forCenter('analytics');
  await waitFor(
    async () => {
      const rows = await db.execute(sql`select count(*)::int as n from pgboss.job where name like 'analytics-%' and state <> 'completed'`);
      return Number(rowsOf(rows)[0]?.n ?? 0) === 0;
    },
    { what: 'analytics to handle its events' },
  );
}

const rowsOf = <T = { n: number }>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

const PERIOD = { from: '2026-12-01', to: '2027-02-28' };
let first: PlacedOrder[];
let second: PlacedOrder;
let refundFen: number;

describe('analytics (BI 分析) through the gateway', () => {
  it('counts each sale on its Shanghai business day and a refund two months later on its own day; completion changes no figure', async () => {
    // 2026-12-31 23:30 Shanghai: two units of SKU A1 and one of A2 (shop A), one of B1 (shop B), one checkout, in the mini program.
    first = await placeAndPay(
      'bi-first',
      [
        { skuId: skusA[0]!.id, quantity: 2 },
        { skuId: skusA[1]!.id, quantity: 1 },
        { skuId: skuB.id, quantity: 1 },
      ],
      'MINI_PROGRAM',
    );
    // 16:30 UTC, still 2026-12-31 in UTC, is 2027-01-01 00:30 in Shanghai: one unit of A1.
    frozenAt = Date.parse('2026-12-31T16:30:00.000Z');
    second = (await placeAndPay('bi-second', [{ skuId: skusA[0]!.id, quantity: 1 }]))[0]!;
    // 2027-02-10 10:00 Shanghai: shop A refunds 10.00 of the first order's A1 line.
    frozenAt = Date.parse('2027-02-10T02:00:00.000Z');
    const orderA = first.find((o) => o.shop.id === t.shopA)!;
    const lineA1 = orderA.lines.find((l) => l.sku.id === skusA[0]!.id)!;
    refundFen = 1000;
    const refund = await t.gql<{ refundOrder: { refundId: string; userErrors: unknown[] } }>(
      'mutation($i: RefundOrderInput!) { refundOrder(input: $i) { refundId userErrors { code message } } }',
      { i: { orderId: orderA.id, idempotencyKey: 'bi-refund', reason: 'price protection', lines: [{ orderLineId: lineA1.id, amount: yuan(refundFen) }] } },
      t.tokens.merchantA,
    );
    expect(refund.data?.refundOrder.userErrors).toEqual([]);
    // The second order is shipped, delivered and confirmed: COMPLETED.
    await deliveredOrder(t, second.id);
    await t.gql('mutation($id: ID!) { confirmReceipt(input: { orderId: $id }) { userErrors { code } } }', { id: second.id }, t.tokens.customer);
    await waitFor(async () => (await orderStatus(t, second.id)) === 'COMPLETED', { what: 'the second order completed' });
    await waitFor(async () => (await summary(PERIOD, [])).totals[0]?.refunded.amount === yuan(refundFen).amount, { what: 'the refund counted' });
    await analyticsSettled();

    const orderB = first.find((o) => o.shop.id === t.shopB)!;
    const paidOf = (o: PlacedOrder) => fen(o.payable.amount);
    const grossOf = (o: PlacedOrder) => o.lines.reduce((s, l) => s + gross(l), 0);
    const unitsOf = (o: PlacedOrder) => o.lines.reduce((s, l) => s + l.quantity, 0);

    const byDay = await summary(PERIOD, ['DAY']);
    expect(byDay.source).toBe('ROLLUP');
    expect(byDay.rows.map((r) => ({ day: r.keys.day, ...r.figures }))).toEqual([
      {
        day: '2026-12-31',
        gmv: amt(grossOf(orderA) + grossOf(orderB)),
        paid: amt(paidOf(orderA) + paidOf(orderB)),
        refunded: amt(0),
        net: amt(paidOf(orderA) + paidOf(orderB)),
        orders: 2,
        units: unitsOf(orderA) + unitsOf(orderB),
        buyers: 1,
      },
      { day: '2027-01-01', gmv: amt(grossOf(second)), paid: amt(paidOf(second)), refunded: amt(0), net: amt(paidOf(second)), orders: 1, units: 1, buyers: 1 },
      { day: '2027-02-10', gmv: amt(0), paid: amt(0), refunded: amt(refundFen), net: amt(-refundFen), orders: 0, units: 0, buyers: 0 },
    ]);

    // Where each order was placed: the first checkout's two shop orders in the mini program, the second not said.
    const byChannel = await summary(PERIOD, ['CHANNEL']);
    expect(byChannel.rows.map((r) => [r.keys.channel, r.figures.orders, r.figures.paid.amount])).toEqual([
      ['MINI_PROGRAM', 2, yuan(paidOf(orderA) + paidOf(orderB)).amount],
      ['UNSPECIFIED', 1, yuan(paidOf(second)).amount],
    ]);
    // The shop orders say it too, to whoever may see them.
    const channelOf = async (id: string) =>
      (await t.gql<{ order: { channel: string | null } }>('query($id: ID!) { order(id: $id) { channel } }', { id }, t.tokens.admin)).data!.order.channel;
    expect([await channelOf(orderA.id), await channelOf(orderB.id), await channelOf(second.id)]).toEqual(['MINI_PROGRAM', 'MINI_PROGRAM', null]);
    // STAFF is for orders staff place for a member: a customer cannot claim it.
    const staff = await t.gql<{ placeOrder: { userErrors: { field: string[]; code: string }[] } }>(
      PLACE_ORDER,
      { input: { idempotencyKey: 'bi-staff', lines: [{ skuId: skuB.id, quantity: 1 }], address: ADDRESS, channel: 'STAFF' } },
      t.tokens.customer,
    );
    expect(staff.data!.placeOrder.userErrors).toEqual([expect.objectContaining({ field: ['input', 'channel'], code: 'INVALID' })]);

    // The refund lowers February, not December's gross or paid.
    const byMonth = await summary(PERIOD, ['MONTH']);
    expect(byMonth.rows.map((r) => [r.keys.month, r.figures.paid.amount, r.figures.refunded.amount])).toEqual([
      ['2026-12', yuan(paidOf(orderA) + paidOf(orderB)).amount, '0.00'],
      ['2027-01', yuan(paidOf(second)).amount, '0.00'],
      ['2027-02', '0.00', yuan(refundFen).amount],
    ]);

    const byShop = await summary(PERIOD, ['SHOP']);
    expect(byShop.rows.map((r) => [r.keys.shop.id, r.figures.paid.amount, r.figures.refunded.amount, r.figures.orders])).toEqual(
      [
        [t.shopA, yuan(paidOf(orderA) + paidOf(second)).amount, yuan(refundFen).amount, 2],
        [t.shopB, yuan(paidOf(orderB)).amount, '0.00', 1],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );

    // By SKU (day x SKU rollup): A1 sold 3 units over two orders and carries the refund.
    const bySku = await summary({ ...PERIOD, shopIds: [t.shopA] }, ['SKU']);
    const a1 = bySku.rows.find((r) => r.keys.sku.id === skusA[0]!.id)!;
    const secondLine = second.lines[0]!;
    expect(a1.figures).toMatchObject({
      gmv: { amount: yuan(gross(lineA1) + gross(secondLine)).amount },
      units: 3,
      orders: 2,
      refunded: { amount: yuan(refundFen).amount },
    });
    expect(bySku.rows.map((r) => r.keys.sku.id).sort()).toEqual([skusA[0]!.id, skusA[1]!.id].sort());

    // By category: every line of the period under some category of the catalog, summing to the totals.
    const byCategory = await summary(PERIOD, ['CATEGORY']);
    expect(byCategory.rows.length).toBeGreaterThan(0);
    expect(byCategory.rows.filter((r) => typeof r.keys.categoryId !== 'string')).toEqual([]);
    expect(byCategory.rows.reduce((s, r) => s + fen(r.figures.gmv.amount), 0)).toBe(fen(byDay.totals[0]!.gmv.amount));
    expect(byDay.totals).toEqual([
      expect.objectContaining({
        paid: yuan(paidOf(orderA) + paidOf(orderB) + paidOf(second)),
        refunded: yuan(refundFen),
        orders: 3,
        units: unitsOf(orderA) + unitsOf(orderB) + 1,
        buyers: 1,
      }),
    ]);

    // What no event carries, filled by the enrichment job: the buyer's level (members) and cost prices (catalog).
    const costs = await t.gql<{ a1: { costPrice: { amount: string } | null }; a2: { costPrice: { amount: string } | null } }>(
      'query($a1: ID!, $a2: ID!) { a1: sku(id: $a1) { costPrice { amount } } a2: sku(id: $a2) { costPrice { amount } } }',
      { a1: skusA[0]!.id, a2: skusA[1]!.id },
      t.tokens.admin,
    );
    const costOf = (sku: { costPrice: { amount: string } | null }) => fen(sku.costPrice!.amount);
    const lineA2 = orderA.lines.find((l) => l.sku.id === skusA[1]!.id)!;
    const linesA = [lineA1, lineA2, secondLine];
    const expectedMargin = linesA.reduce((s, l) => s + fen(l.finalAmount.amount), 0) - costOf(costs.data!.a1) * 3 - costOf(costs.data!.a2) * lineA2.quantity;
    const margin = await t.gql<{ salesSummary: { totals: { grossMargin: { amount: string } | null }[] } }>(
      'query($f: SalesFilter!) { salesSummary(filter: $f, metrics: [GROSS_MARGIN]) { totals { grossMargin { amount } } } }',
      { f: { ...PERIOD, shopIds: [t.shopA] } },
      t.tokens.analyst,
    );
    expect(margin.data!.salesSummary.totals).toEqual([{ grossMargin: amt(expectedMargin) }]);
    const level = await t.gql<{ member: { level: { id: string } | null } }>(
      'query($id: ID!) { member(id: $id) { level { id } } }',
      { id: DEMO_MEMBER_ID },
      t.tokens.admin,
    );
    const byLevel = await t.gql<{ salesSummary: { rows: { keys: { memberLevelId: string | null }; figures: { orders: number } }[] } }>(
      'query($f: SalesFilter!) { salesSummary(filter: $f, groupBy: [MEMBER_LEVEL], metrics: [ORDERS]) { rows { keys { memberLevelId } figures { orders } } } }',
      { f: PERIOD },
      t.tokens.analyst,
    );
    expect(byLevel.data!.salesSummary.rows).toEqual([{ keys: { memberLevelId: level.data!.member.level?.id ?? null }, figures: { orders: 3 } }]);

    // topSkus by units: A1 (3) first; the Sku resolves through the catalog.
    const top = await t.gql<{ topSkus: { rank: number; units: number; sku: { id: string; code: string }; shop: { id: string; name: string } }[] }>(
      'query($p: SalesPeriod!) { topSkus(period: $p, by: UNITS, first: 1) { rank units sku { id code } shop { id name } } }',
      { p: PERIOD },
      t.tokens.analyst,
    );
    expect(top.errors).toBeUndefined();
    expect(top.data!.topSkus).toEqual([
      { rank: 1, units: 3, sku: { id: skusA[0]!.id, code: expect.any(String) }, shop: { id: t.shopA, name: expect.any(String) } },
    ]);
  });

  it("totals equal the owning centers' sums over the period's orders and refunds; every rollup equals its facts", async () => {
    const orderIds = [...first.map((o) => o.id), second.id];
    let payable = 0;
    let refunded = 0;
    for (const id of orderIds) {
      const order = (
        await t.gql<{ order: { payable: { amount: string }; refunds: { amount: { amount: string }; status: string }[] } }>(
          'query($id: ID!) { order(id: $id) { payable { amount } refunds { amount { amount } status } } }',
          { id },
          t.tokens.admin,
        )
      ).data!.order;
      payable += fen(order.payable.amount);
      refunded += order.refunds.filter((r) => r.status === 'SUCCEEDED').reduce((s, r) => s + fen(r.amount.amount), 0);
    }
    const totals = (await summary(PERIOD, [])).totals;
    expect(totals.map((x) => [x.paid.amount, x.refunded.amount])).toEqual([[yuan(payable).amount, yuan(refunded).amount]]);
    const check = await t.gql<{ salesFactsCheck: { ok: boolean; rollupDifferences: unknown[]; sourceDifferences: unknown[] } }>(
      'query { salesFactsCheck(from: "2026-12-01", to: "2027-02-28") { ok rollupDifferences { rollup key measure } sourceDifferences { measure facts { amount } owners { amount } } } }',
      {},
      t.tokens.admin,
    );
    expect(check.errors).toBeUndefined();
    expect(check.data!.salesFactsCheck).toEqual({ ok: true, rollupDifferences: [], sourceDifferences: [] });
    // Only the month of the refund: February's refunded agrees with payments', and nothing was paid then.
    const february = await t.gql<{ salesFactsCheck: { ok: boolean } }>(
      'query { salesFactsCheck(from: "2027-02-01", to: "2027-02-28") { ok } }',
      {},
      t.tokens.admin,
    );
    expect(february.data!.salesFactsCheck.ok).toBe(true);

    // The ledger recognized the second order when it completed (10 February 2027); the others are still the customers'
    // advances. Net sales and the ledger's revenue differ by that timing, and the facts compute the ledger's figure exactly.
    type Ledger = { currencyCode: string; netSales: { amount: string }; recognizedByFacts: { amount: string }; ledgerRecognized: { amount: string } }[];
    const ledgerOf = async () =>
      (
        await t.gql<{ salesFactsCheck: { ok: boolean; ledger: (Ledger[number] & { timingDifference: { amount: string } })[] } }>(
          'query { salesFactsCheck(from: "2026-12-01", to: "2027-02-28") { ok ledger { currencyCode netSales { amount } recognizedByFacts { amount } ledgerRecognized { amount } timingDifference { amount } } } }',
          {},
          t.tokens.admin,
        )
      ).data!.salesFactsCheck;
    const secondPaid = fen(second.payable.amount);
    await waitFor(async () => (await ledgerOf()).ledger[0]?.ledgerRecognized.amount === amt(secondPaid).amount, { what: "finance's completion posted" });
    expect(await ledgerOf()).toEqual({
      ok: true,
      ledger: [
        {
          currencyCode: 'CNY',
          netSales: amt(payable - refunded),
          recognizedByFacts: amt(secondPaid),
          ledgerRecognized: amt(secondPaid),
          timingDifference: amt(payable - refunded - secondPaid),
        },
      ],
    });
  });

  it('every event delivered a second time through the inbox changes no aggregate', async () => {
    const before = await summary(PERIOD, ['DAY', 'SHOP', 'CATEGORY']);
    const bySku = await summary(PERIOD, ['DAY', 'SKU']);
    // How many times each order or payment event reached analytics (a pg-boss job each). Delivery
    // is at least once: a relay tick racing relayNow may already have sent one twice.
    const analyticsDeliveries = async () =>
      rowsOf<{ id: string; n: number }>(
        await t.graph
          .host!.database.forCenter('analytics')
          .execute(
            sql`select data->>'id' as id, count(*)::int as n from pgboss.job where name like 'analytics-Order%' or name like 'analytics-Refund%' group by 1 order by 1`,
          ),
      );
    const delivered = await analyticsDeliveries();
    expect(delivered.length).toBeGreaterThan(0);
    // The relay sends every order and payment event again; each subscriber's inbox must drop it.
    await t.graph.host!.database.forCenter('orders').execute(sql`update orders.outbox set published_at = null where kind = 'event'`);
    await t.graph.host!.database.forCenter('payments').execute(sql`update payments.outbox set published_at = null where kind = 'event'`);
    await analyticsSettled();
    // Every event analytics had heard came again (one more job each at least), and no other.
    const again = await analyticsDeliveries();
    expect(again.map((e) => e.id)).toEqual(delivered.map((e) => e.id));
    for (const [i, e] of again.entries()) expect(e.n, `event ${e.id}`).toBeGreaterThan(delivered[i]!.n);
    expect(await summary(PERIOD, ['DAY', 'SHOP', 'CATEGORY'])).toEqual(before);
    expect(await summary(PERIOD, ['DAY', 'SKU'])).toEqual(bySku);
  });

  it('a rebuild replays the orders and payments centers into a new generation and switches to it; the figures are the same', async () => {
    const before = await summary(PERIOD, ['DAY', 'SHOP', 'CATEGORY']);
    const bySku = await summary(PERIOD, ['DAY', 'SKU']);
    type Rebuild = { id: number; status: string; ordersReplayed: number; refundsReplayed: number };
    const started = await t.gql<{ rebuildSalesFacts: { rebuild: Rebuild; userErrors: unknown[] } }>(
      'mutation { rebuildSalesFacts(input: { reason: "test" }) { rebuild { id status ordersReplayed refundsReplayed } userErrors { code } } }',
      {},
      t.tokens.admin,
    );
    expect(started.data!.rebuildSalesFacts).toMatchObject({ rebuild: { status: 'BUILDING' }, userErrors: [] });
    const id = started.data!.rebuildSalesFacts.rebuild.id;
    const done = await waitFor(
      async () => {
        const res = await t.gql<{ salesFactsRebuild: Rebuild }>(
          'query($id: Int) { salesFactsRebuild(id: $id) { id status ordersReplayed refundsReplayed } }',
          { id },
          t.tokens.admin,
        );
        return res.data!.salesFactsRebuild.status === 'BUILDING' ? undefined : res.data!.salesFactsRebuild;
      },
      { what: 'the rebuild to finish' },
    );
    // Every paid order of the graph (the seed's included) and the one refund were replayed.
    expect(done.status).toBe('ACTIVE');
    expect(done.ordersReplayed).toBeGreaterThanOrEqual(3);
    expect(done.refundsReplayed).toBeGreaterThanOrEqual(1);
    expect(await summary(PERIOD, ['DAY', 'SHOP', 'CATEGORY'])).toEqual(before);
    expect(await summary(PERIOD, ['DAY', 'SKU'])).toEqual(bySku);
    const check = await t.gql<{ salesFactsCheck: { ok: boolean } }>(
      'query { salesFactsCheck(from: "2026-12-01", to: "2027-02-28") { ok } }',
      {},
      t.tokens.admin,
    );
    expect(check.data!.salesFactsCheck.ok).toBe(true);
  });

  it("a merchant's summary never includes another shop; asking for one is FORBIDDEN; a customer is refused", async () => {
    const own = await summary(PERIOD, ['SHOP'], t.tokens.merchantB);
    expect(own.rows.map((r) => r.keys.shop.id)).toEqual([t.shopB]);
    const orderB = first.find((o) => o.shop.id === t.shopB)!;
    expect(own.totals.map((x) => x.paid.amount)).toEqual([orderB.payable.amount]);
    const other = await t.gql(SUMMARY, { filter: { ...PERIOD, shopIds: [t.shopA] }, groupBy: [] }, t.tokens.merchantB);
    expect(other.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const customer = await t.gql(SUMMARY, { filter: PERIOD, groupBy: [] }, t.tokens.customer);
    expect(customer.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});
