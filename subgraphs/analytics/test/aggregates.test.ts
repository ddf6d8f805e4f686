import { describe, expect, it } from 'vitest';
import { newId, type EventEnvelope } from '@zhongtai/kit';
import { deliverEvent, openTestWorld, testEvent, TEST_ANALYST, testCustomer, testMerchant, useTestWorld } from '@zhongtai/kit/testing';
import { analyticsCenter } from '../src/index.ts';
import { handlers } from '../src/events.ts';
import { aggregateStore } from '../src/domain/aggregateStore.ts';
import { activeGeneration } from '../src/domain/generations.ts';
import { buyerCohorts, campaignPerformance, couponPerformance, orderFunnel, refundRates } from '../src/domain/aggregates.ts';

const world = useTestWorld(() => openTestWorld({ centers: [analyticsCenter] }));

const envelope = testEvent;
const deliver = (event: EventEnvelope) => deliverEvent(world, handlers, event);

// Fixed ids, so rows come back in an order the expectations can spell out.
const shopA = 'shp_aggA';
const shopB = 'shp_aggB';
const [catRoot, catPhones, catCases] = ['cat_root', 'cat_phones', 'cat_cases'];
const [skuPhone, skuCase, skuOther] = [newId('sku'), newId('sku'), newId('sku')];
const [templateA, templatePlatform, campaign] = ['cpt_shopA', 'cpt_platform', 'cmp_spring'];
const address = { receiver: '张三', phone: '13800000001', province: '浙江省', city: '杭州市', district: '西湖区', detail: '1号' };
const yuan = (fen: number) => (fen / 100).toFixed(2);
const money = (fen: number) => ({ amount: yuan(fen), currencyCode: 'CNY' });

type Discount = { source: string; funder: 'PLATFORM' | 'SHOP'; amount: number; sourceId: string; campaignId?: string };
interface Line {
  skuId: string;
  quantity: number;
  gross: number;
  categoryPath: string[];
  discounts?: Discount[];
}

/** A shop order: its OrderPlaced and OrderPaid, and the lifecycle events after them. */
function order(spec: { shopId: string; memberId: string; placedAt: string; paidAt?: string; couponTemplateId?: string; lines: Line[] }) {
  const orderId = newId('ord');
  const checkoutId = newId('chk');
  const lines = spec.lines.map((l) => {
    const off = (l.discounts ?? []).reduce((s, d) => s + d.amount, 0);
    return { ...l, orderLineId: newId('oln'), final: l.gross - off };
  });
  const base = { orderId, parentOrderId: checkoutId, shopId: spec.shopId, memberId: spec.memberId };
  const placed = envelope('OrderPlaced', {
    ...base,
    type: 'NORMAL',
    orderNumber: orderId,
    payable: yuan(lines.reduce((s, l) => s + l.final, 0)),
    currencyCode: 'CNY',
    lines: lines.map((l) => ({ orderLineId: l.orderLineId, skuId: l.skuId, quantity: l.quantity, finalAmount: yuan(l.final) })),
    placedAt: spec.placedAt,
  });
  const paid =
    spec.paidAt &&
    envelope('OrderPaid', {
      ...base,
      address,
      type: 'NORMAL',
      couponTemplateId: spec.couponTemplateId ?? null,
      paidAt: spec.paidAt,
      lines: lines.map((l) => ({
        orderLineId: l.orderLineId,
        skuId: l.skuId,
        quantity: l.quantity,
        productType: 'PHYSICAL' as const,
        source: { kind: 'NONE' as const },
        spuId: newId('spu'),
        categoryPath: l.categoryPath,
        brandId: null,
      })),
      money: {
        currencyCode: 'CNY',
        payable: yuan(lines.reduce((s, l) => s + l.final, 0)),
        freight: '0',
        deposit: '0',
        lines: lines.map((l) => ({
          orderLineId: l.orderLineId,
          skuId: l.skuId,
          finalAmount: yuan(l.final),
          platformDiscount: '0',
          shopDiscount: '0',
          points: '0',
          gross: yuan(l.gross),
          discounts: (l.discounts ?? []).map((d) => ({ ...d, amount: yuan(d.amount), campaignId: d.campaignId ?? null })),
        })),
      },
    });
  const at = (topic: 'OrderShipped' | 'OrderDelivered', when: string) => envelope(topic, { ...base, at: when });
  return {
    orderId,
    checkoutId,
    lines,
    placed,
    paid: paid || null,
    shipped: (when: string) => at('OrderShipped', when),
    completed: (when: string, keptFen: number) => envelope('OrderCompleted', { ...base, at: when, paid: yuan(keptFen), currencyCode: 'CNY' }),
    ended: (status: 'CANCELLED' | 'CLOSED', reason: string, when: string) =>
      envelope('OrderCancelled', { ...base, at: when, status, reason, wasPaid: Boolean(spec.paidAt), depositKept: null }),
  };
}

const refund = (orderId: string, lines: { orderLineId: string; amount: number }[], succeededAt: string, idempotencyKey: string) =>
  envelope('RefundSucceeded', {
    refundId: newId('rfd'),
    paymentId: newId('pay'),
    orderId,
    amount: yuan(lines.reduce((s, l) => s + l.amount, 0)),
    currencyCode: 'CNY',
    lines: lines.map((l) => ({ orderLineId: l.orderLineId, amount: yuan(l.amount) })),
    succeededAt,
    idempotencyKey,
  });

// Order 1 (shop A, m1): placed 23:00 and paid 23:30 on 2026-01-31 in Shanghai (15:00/15:30 UTC). A phone, 2 x 100.00 less
// 20.00 of shop A's coupon (180.00), and a case, 30.00 less 5.00 of a spring-campaign promotion (25.00). Shipped, completed;
// the phone refunded 90.00 after a QUALITY after-sale on 2026-03-02 (Shanghai): a later month.
const one = order({
  shopId: shopA,
  memberId: 'mbr_1',
  placedAt: '2026-01-31T15:00:00.000Z',
  paidAt: '2026-01-31T15:30:00.000Z',
  couponTemplateId: templateA,
  lines: [
    {
      skuId: skuPhone,
      quantity: 2,
      gross: 20000,
      categoryPath: [catRoot, catPhones],
      discounts: [{ source: 'COUPON', funder: 'SHOP', amount: 2000, sourceId: 'cpn_1' }],
    },
    {
      skuId: skuCase,
      quantity: 1,
      gross: 3000,
      categoryPath: [catRoot, catCases],
      discounts: [{ source: 'PROMOTION', funder: 'SHOP', amount: 500, sourceId: 'prm_1', campaignId: campaign }],
    },
  ],
});
const afterSale = newId('afs');
// Order 2 (shop A, m2): placed 00:10 and paid 00:30 on 2026-02-01 in Shanghai (16:10/16:30 UTC the day before): a phone at a
// campaign flash-sale price (100.00 less 10.00); cancelled that morning and its 90.00 refunded.
const two = order({
  shopId: shopA,
  memberId: 'mbr_2',
  placedAt: '2026-01-31T16:10:00.000Z',
  paidAt: '2026-01-31T16:30:00.000Z',
  lines: [
    {
      skuId: skuPhone,
      quantity: 1,
      gross: 10000,
      categoryPath: [catRoot, catPhones],
      discounts: [{ source: 'FLASH_SALE', funder: 'SHOP', amount: 1000, sourceId: 'fls_1', campaignId: campaign }],
    },
  ],
});
// Order 3 (shop B, m1) on 2026-01-31 (Shanghai): 3 x 10.00 less 3.00 of a platform coupon; 5.00 refunded by the merchant on 2026-02-10.
const three = order({
  shopId: shopB,
  memberId: 'mbr_1',
  placedAt: '2026-01-31T02:00:00.000Z',
  paidAt: '2026-01-31T02:00:00.000Z',
  couponTemplateId: templatePlatform,
  lines: [
    {
      skuId: skuOther,
      quantity: 3,
      gross: 3000,
      categoryPath: [catRoot],
      discounts: [{ source: 'COUPON', funder: 'PLATFORM', amount: 300, sourceId: 'cpn_3' }],
    },
  ],
});
// Order 4 (shop A, m3): placed 2026-02-03, never paid, closed by its timer.
const four = order({
  shopId: shopA,
  memberId: 'mbr_3',
  placedAt: '2026-02-03T01:00:00.000Z',
  lines: [{ skuId: skuCase, quantity: 1, gross: 3000, categoryPath: [catRoot, catCases] }],
});
// Order 5 (shop A, m1): 2 cases on 2026-02-20, no discount: m1 comes back.
const five = order({
  shopId: shopA,
  memberId: 'mbr_1',
  placedAt: '2026-02-20T02:00:00.000Z',
  paidAt: '2026-02-20T02:00:00.000Z',
  lines: [{ skuId: skuCase, quantity: 2, gross: 6000, categoryPath: [catRoot, catCases] }],
});

const claim = (couponId: string, templateId: string, shopId: string | null, memberId: string, claimedAt: string) =>
  envelope('CouponClaimed', { couponId, templateId, shopId, memberId, source: 'CLAIM', claimedAt });
const redeemed = (couponId: string, templateId: string, shopId: string | null, memberId: string, checkoutId: string, fen: number, at: string) =>
  envelope('CouponRedeemed', { couponId, templateId, shopId, memberId, orderId: checkoutId, discount: yuan(fen), currencyCode: 'CNY', redeemedAt: at });

const line = (o: typeof one, i: number) => o.lines[i]!.orderLineId;
const events: EventEnvelope[] = [
  claim('cpn_1', templateA, shopA, 'mbr_1', '2026-01-20T02:00:00.000Z'),
  claim('cpn_3', templatePlatform, null, 'mbr_1', '2026-01-25T02:00:00.000Z'),
  // 00:05 on 2026-02-01 in Shanghai: a February claim.
  claim('cpn_2', templateA, shopA, 'mbr_2', '2026-01-31T16:05:00.000Z'),
  three.placed,
  three.paid!,
  redeemed('cpn_3', templatePlatform, null, 'mbr_1', three.checkoutId, 300, '2026-01-31T02:00:00.000Z'),
  one.placed,
  one.paid!,
  redeemed('cpn_1', templateA, shopA, 'mbr_1', one.checkoutId, 2000, '2026-01-31T15:30:00.000Z'),
  two.placed,
  two.paid!,
  two.ended('CANCELLED', 'customer changed mind', '2026-02-01T03:00:00.000Z'),
  refund(two.orderId, [{ orderLineId: line(two, 0), amount: 9000 }], '2026-02-01T04:00:00.000Z', `cancel-${two.orderId}`),
  one.shipped('2026-02-02T02:00:00.000Z'),
  three.shipped('2026-02-03T02:00:00.000Z'),
  four.placed,
  four.ended('CLOSED', 'payment timeout', '2026-02-03T01:30:00.000Z'),
  one.completed('2026-02-05T02:00:00.000Z', 20500),
  three.completed('2026-02-08T02:00:00.000Z', 2700),
  refund(three.orderId, [{ orderLineId: line(three, 0), amount: 500 }], '2026-02-10T02:00:00.000Z', `${three.orderId}:goodwill-1`),
  five.placed,
  five.paid!,
  envelope('AfterSaleFiled', {
    requestId: afterSale,
    orderId: one.orderId,
    orderLineId: line(one, 0),
    shopId: shopA,
    memberId: 'mbr_1',
    type: 'RETURN_REFUND',
    reasonCode: 'QUALITY',
    quantity: 1,
    filedAt: '2026-03-01T02:00:00.000Z',
  }),
  refund(one.orderId, [{ orderLineId: line(one, 0), amount: 9000 }], '2026-03-02T02:00:00.000Z', `${one.orderId}:aftersale:${afterSale}`),
];

const Q1 = { from: '2026-01-01', to: '2026-03-31' };

/** Every aggregate as an analyst and both merchants see it: what a second delivery must leave unchanged. */
async function everything() {
  const out: Record<string, unknown> = {};
  for (const [who, claims] of [
    ['analyst', TEST_ANALYST],
    ['merchantA', testMerchant(shopA)],
    ['merchantB', testMerchant(shopB)],
  ] as const) {
    const ctx = await world.as(claims);
    out[who] = {
      refunds: await refundRates(ctx, Q1, ['SHOP', 'CATEGORY', 'REASON']),
      coupons: await couponPerformance(ctx, Q1),
      campaigns: await campaignPerformance(ctx, Q1),
      cohorts: await buyerCohorts(ctx, Q1, 'DAY'),
      funnel: await orderFunnel(ctx, Q1),
    };
  }
  return out;
}

describe('refund rates, coupons, campaigns, cohorts and the funnel from events', () => {
  it('refund rate by shop, by reason (after-sale reason codes; CANCELLED and MERCHANT without one), by category, a refund counted in its later month', async () => {
    for (const event of events) await deliver(event);
    const analyst = await world.as(TEST_ANALYST);
    const view = (rows: Awaited<ReturnType<typeof refundRates>>) =>
      rows.map((r) => [r.shop?.id ?? null, r.categoryId, r.reason, r.paid.amount, r.refunded.amount, r.refundRate, r.orders, r.refundedOrders]);
    // Shop A: paid 180.00 + 25.00 + 90.00 + 60.00 = 355.00 in three orders; refunded 90.00 (cancelled) + 90.00 (after-sale):
    // 180 / 355 = 0.50704 -> 0.507. Shop B: 27.00, refunded 5.00: 0.18518 -> 0.1852.
    expect(view(await refundRates(analyst, Q1, ['SHOP']))).toEqual([
      [shopA, null, null, '355.00', '180.00', 0.507, 3, 2],
      [shopB, null, null, '27.00', '5.00', 0.1852, 1, 1],
    ]);
    // By reason, each over all of its shop's sales: 90 / 355 = 0.25352 -> 0.2535.
    expect(view(await refundRates(analyst, Q1, ['SHOP', 'REASON']))).toEqual([
      [shopA, null, 'CANCELLED', '355.00', '90.00', 0.2535, 3, 1],
      [shopA, null, 'QUALITY', '355.00', '90.00', 0.2535, 3, 1],
      [shopB, null, 'MERCHANT', '27.00', '5.00', 0.1852, 1, 1],
    ]);
    // January alone has no refund; March has the after-sale's 90.00 and no sale: the refund lowers March, not January.
    expect(view(await refundRates(analyst, { from: '2026-01-01', to: '2026-01-31' }, ['CATEGORY']))).toEqual([
      [null, catCases, null, '25.00', '0.00', 0, 1, 0],
      [null, catPhones, null, '180.00', '0.00', 0, 1, 0],
      [null, catRoot, null, '27.00', '0.00', 0, 1, 0],
    ]);
    expect(view(await refundRates(analyst, { from: '2026-03-01', to: '2026-03-31' }, ['CATEGORY', 'REASON']))).toEqual([
      [null, catPhones, 'QUALITY', '0.00', '90.00', null, 0, 1],
    ]);
    // The Shanghai day boundary: order 2 (paid 00:30 on 1 February) and its refund that morning are February's.
    expect(view(await refundRates(analyst, { from: '2026-02-01', to: '2026-02-01' }, ['SHOP']))).toEqual([[shopA, null, null, '90.00', '90.00', 1, 1, 1]]);
    expect(view(await refundRates(analyst, { from: '2026-01-31', to: '2026-01-31' }, ['SHOP']))).toEqual([
      [shopA, null, null, '205.00', '0.00', 0, 1, 0],
      [shopB, null, null, '27.00', '0.00', 0, 1, 0],
    ]);
  });

  it('coupon templates: claimed and used on their Shanghai days, the sales their coupons discounted; campaigns: the sales of their promotions and flash sales', async () => {
    const analyst = await world.as(TEST_ANALYST);
    const sales = (orders: number, units: number, gmv: number, discount: number, paid: number, refunded: number) => ({
      orders,
      units,
      gmv: money(gmv),
      discount: money(discount),
      netOfDiscount: money(gmv - discount),
      paid: money(paid),
      refunded: money(refunded),
      net: money(paid - refunded),
    });
    expect(await couponPerformance(analyst, Q1)).toEqual([
      { templateId: templatePlatform, claimed: 1, used: 1, ...sales(1, 3, 3000, 300, 2700, 500) },
      // Shop A's template: two claims (20 Jan, 1 Feb), one use; the phones 200.00 less 20.00, 90.00 refunded in March.
      { templateId: templateA, claimed: 2, used: 1, ...sales(1, 2, 20000, 2000, 18000, 9000) },
    ]);
    // January: the claim at 00:05 on 1 February (Shanghai) and the March refund are outside.
    expect(await couponPerformance(analyst, { from: '2026-01-01', to: '2026-01-31' })).toEqual([
      { templateId: templatePlatform, claimed: 1, used: 1, ...sales(1, 3, 3000, 300, 2700, 0) },
      { templateId: templateA, claimed: 1, used: 1, ...sales(1, 2, 20000, 2000, 18000, 0) },
    ]);
    // A merchant: its own template's claims and uses; a platform template only as the sales of its own shop's lines.
    expect(await couponPerformance(await world.as(testMerchant(shopA)), Q1)).toEqual([
      { templateId: templateA, claimed: 2, used: 1, ...sales(1, 2, 20000, 2000, 18000, 9000) },
    ]);
    expect(await couponPerformance(await world.as(testMerchant(shopB)), Q1)).toEqual([
      { templateId: templatePlatform, claimed: 0, used: 0, ...sales(1, 3, 3000, 300, 2700, 500) },
    ]);
    // The case of order 1 (30.00 less 5.00) and the flash-sale phone of order 2 (100.00 less 10.00, refunded in full).
    expect(await campaignPerformance(analyst, Q1)).toEqual([{ campaignId: campaign, ...sales(2, 2, 13000, 1500, 11500, 9000) }]);
    expect(await campaignPerformance(await world.as(testMerchant(shopB)), Q1)).toEqual([]);
  });

  it('buyer cohorts: new in the period of the first purchase (within the shops seen), returning after', async () => {
    const analyst = await world.as(TEST_ANALYST);
    const view = (rows: Awaited<ReturnType<typeof buyerCohorts>>) =>
      rows.map((r) => [r.period, r.buyers, r.newBuyers, r.returningBuyers, r.newBuyersPaid.amount, r.returningBuyersPaid.amount]);
    // January: m1 (180.00 + 25.00 in A, 27.00 in B). February: m2 new (90.00), m1 back (60.00).
    expect(view(await buyerCohorts(analyst, Q1, 'MONTH'))).toEqual([
      ['2026-01', 1, 1, 0, '232.00', '0.00'],
      ['2026-02', 2, 1, 1, '90.00', '60.00'],
    ]);
    expect(view(await buyerCohorts(analyst, { from: '2026-01-31', to: '2026-02-01' }, 'DAY'))).toEqual([
      ['2026-01-31', 1, 1, 0, '232.00', '0.00'],
      ['2026-02-01', 1, 1, 0, '90.00', '0.00'],
    ]);
    // Shop B's own buyers: m1 is new to it in January whatever m1 bought elsewhere.
    expect(view(await buyerCohorts(await world.as(testMerchant(shopB)), Q1, 'MONTH'))).toEqual([['2026-01', 1, 1, 0, '27.00', '0.00']]);
    expect(view(await buyerCohorts(await world.as(testMerchant(shopA)), Q1, 'MONTH'))).toEqual([
      ['2026-01', 1, 1, 0, '205.00', '0.00'],
      ['2026-02', 2, 1, 1, '90.00', '60.00'],
    ]);
  });

  it('the funnel: placed, paid, shipped, completed, and the orders that ended by status and reason, on the Shanghai day placed', async () => {
    const analyst = await world.as(TEST_ANALYST);
    expect(await orderFunnel(analyst, { from: '2026-01-01', to: '2026-02-28' })).toEqual({
      placed: 5,
      paid: 4,
      shipped: 2,
      completed: 2,
      ended: [
        { status: 'CANCELLED', reason: 'customer changed mind', orders: 1 },
        { status: 'CLOSED', reason: 'payment timeout', orders: 1 },
      ],
    });
    // Order 2 was placed at 00:10 on 1 February in Shanghai: not a 31 January order.
    expect(await orderFunnel(analyst, { from: '2026-01-31', to: '2026-01-31' })).toEqual({ placed: 2, paid: 2, shipped: 2, completed: 2, ended: [] });
    expect(await orderFunnel(await world.as(testMerchant(shopB)), Q1)).toEqual({ placed: 1, paid: 1, shipped: 1, completed: 1, ended: [] });
  });

  it("the ledger's revenue computed from the facts: on completion, less refunds before it; refunds after completion on their own day", async () => {
    const db = (await world.as(TEST_ANALYST)).db;
    const generation = await activeGeneration(db);
    const recognized = (from: string, to: string) => aggregateStore.recognizedAtCompletion(db, { generation, from, to, timeZone: 'Asia/Shanghai' });
    // Nothing completed in January.
    expect(await recognized('2026-01-01', '2026-01-31')).toEqual(new Map());
    // February: order 1 completed (205.00) and order 3 (27.00), less the 5.00 refunded after completion: 227.00.
    expect(await recognized('2026-02-01', '2026-02-28')).toEqual(new Map([['CNY', 22700n]]));
    // March: the after-sale refund of a completed order.
    expect(await recognized('2026-03-01', '2026-03-31')).toEqual(new Map([['CNY', -9000n]]));
  });

  it('a second delivery of every event changes no aggregate', async () => {
    const before = await everything();
    for (const event of events) await deliver(event);
    expect(await everything()).toEqual(before);
  });

  it("a merchant's aggregates hold its own shop only; another shop is FORBIDDEN; a customer is refused", async () => {
    const merchant = await world.as(testMerchant(shopB));
    const rates = await refundRates(merchant, Q1, ['SHOP', 'CATEGORY', 'REASON']);
    expect(rates.map((r) => r.shop?.id)).toEqual([shopB]);
    for (const ask of [
      () => refundRates(merchant, { ...Q1, shopIds: [shopA] }, []),
      () => couponPerformance(merchant, { ...Q1, shopIds: [shopA] }),
      () => campaignPerformance(merchant, { ...Q1, shopIds: [shopA] }),
      () => buyerCohorts(merchant, { ...Q1, shopIds: [shopA] }, 'MONTH'),
      () => orderFunnel(merchant, { ...Q1, shopIds: [shopA] }),
    ])
      await expect(ask()).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await expect(orderFunnel(await world.as(testCustomer('mbr_1')), Q1)).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    // An analyst asking for one shop gets that shop's figures only.
    expect(await orderFunnel(await world.as(TEST_ANALYST), { ...Q1, shopIds: [shopB] })).toEqual({ placed: 1, paid: 1, shipped: 1, completed: 1, ended: [] });
  });
});
