import { describe, expect, it } from 'vitest';
import { newId, type EventCatalog, type EventEnvelope } from '@zhongtai/kit';
import { deliverEvent, openTestWorld, testEvent, TEST_ADMIN, TEST_ANALYST, testCustomer, testMerchant, useTestWorld } from '@zhongtai/kit/testing';
import { analyticsCenter } from '../src/index.ts';
import { handlers } from '../src/events.ts';
import { activeGeneration } from '../src/domain/generations.ts';
import { rollupFor, salesStore } from '../src/domain/salesStore.ts';
import { salesSummary, topSkus } from '../src/domain/summary.ts';

const world = useTestWorld(() => openTestWorld({ centers: [analyticsCenter] }));

const envelope = testEvent;
const deliver = (event: EventEnvelope) => deliverEvent(world, handlers, event);

const shopA = newId('shp');
const shopB = newId('shp');
const [catRoot, catPhones, catCases] = [newId('cat'), newId('cat'), newId('cat')];
const [skuPhone, skuCase, skuOther] = [newId('sku'), newId('sku'), newId('sku')];
const address = { receiver: '张三', phone: '13800000001', province: '浙江省', city: '杭州市', district: '西湖区', detail: '1号' };

interface Line {
  skuId: string;
  quantity: number;
  gross: number;
  final: number;
  categoryPath: string[];
  discounts?: { source: string; funder: 'PLATFORM' | 'SHOP'; amount: string }[];
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

function paid(spec: { shopId: string; memberId: string; paidAt: string; freight: number; lines: Line[] }) {
  const orderId = newId('ord');
  const lines = spec.lines.map((l) => ({ ...l, orderLineId: newId('oln') }));
  const payload: EventCatalog['OrderPaid'] = {
    orderId,
    parentOrderId: newId('chk'),
    shopId: spec.shopId,
    memberId: spec.memberId,
    address,
    type: 'NORMAL',
    paidAt: spec.paidAt,
    lines: lines.map((l) => ({
      orderLineId: l.orderLineId,
      skuId: l.skuId,
      quantity: l.quantity,
      productType: 'PHYSICAL',
      source: { kind: 'NONE' },
      spuId: newId('spu'),
      categoryPath: l.categoryPath,
      brandId: null,
    })),
    money: {
      currencyCode: 'CNY',
      payable: yuan(lines.reduce((s, l) => s + l.final, 0) + spec.freight),
      freight: yuan(spec.freight),
      deposit: '0',
      lines: lines.map((l) => ({
        orderLineId: l.orderLineId,
        skuId: l.skuId,
        finalAmount: yuan(l.final),
        platformDiscount: '0',
        shopDiscount: '0',
        points: '0',
        gross: yuan(l.gross),
        discounts: l.discounts ?? [],
      })),
    },
  };
  return { orderId, lines, event: envelope('OrderPaid', payload) };
}

const refund = (orderId: string, lines: { orderLineId: string; amount: number }[], succeededAt: string) =>
  envelope('RefundSucceeded', {
    refundId: newId('rfd'),
    paymentId: newId('pay'),
    orderId,
    amount: yuan(lines.reduce((s, l) => s + l.amount, 0)),
    currencyCode: 'CNY',
    lines: lines.map((l) => ({ orderLineId: l.orderLineId, amount: yuan(l.amount) })),
    succeededAt,
    idempotencyKey: `${orderId}:refund`,
  });

// Order 1 (shop A), paid 2026-01-31 23:30 Shanghai (15:30 UTC): a phone (2 x 100.00, 20.00 platform
// coupon -> 180.00) and a case (1 x 30.00, 5.00 shop promotion -> 25.00), freight 10.00 split 180:25
// by the largest remainder: 8.78 and 1.22.
const one = paid({
  shopId: shopA,
  memberId: 'mbr_1',
  paidAt: '2026-01-31T15:30:00.000Z',
  freight: 1000,
  lines: [
    {
      skuId: skuPhone,
      quantity: 2,
      gross: 20000,
      final: 18000,
      categoryPath: [catRoot, catPhones],
      discounts: [{ source: 'COUPON', funder: 'PLATFORM', amount: '20.00' }],
    },
    {
      skuId: skuCase,
      quantity: 1,
      gross: 3000,
      final: 2500,
      categoryPath: [catRoot, catCases],
      discounts: [{ source: 'PROMOTION', funder: 'SHOP', amount: '5.00' }],
    },
  ],
});
// Order 2 (shop A), paid 2026-01-31 16:30 UTC = 2026-02-01 00:30 Shanghai: one phone, 100.00, no freight.
const two = paid({
  shopId: shopA,
  memberId: 'mbr_2',
  paidAt: '2026-01-31T16:30:00.000Z',
  freight: 0,
  lines: [{ skuId: skuPhone, quantity: 1, gross: 10000, final: 10000, categoryPath: [catRoot, catPhones] }],
});
// Order 3 (shop B) on 2026-01-31 Shanghai: 3 x 10.00.
const three = paid({
  shopId: shopB,
  memberId: 'mbr_1',
  paidAt: '2026-01-31T02:00:00.000Z',
  freight: 0,
  lines: [{ skuId: skuOther, quantity: 3, gross: 3000, final: 3000, categoryPath: [catRoot] }],
});
// The phone of order 1 refunded 90.00 in March (2026-03-02 10:00 Shanghai): it lowers March, not January.
const marchRefund = refund(one.orderId, [{ orderLineId: one.lines[0]!.orderLineId, amount: 9000 }], '2026-03-02T02:00:00.000Z');

const events = [one.event, two.event, three.event, marchRefund];
const money = (amount: string) => ({ amount, currencyCode: 'CNY' });

describe('sales facts and rollups from events', () => {
  it('count a sale on its Shanghai business day and a refund on the day it succeeded; every rollup equals its facts', async () => {
    for (const event of events) await deliver(event);
    const analyst = await world.as(TEST_ANALYST);
    const byDay = await salesSummary(analyst, { from: '2026-01-01', to: '2026-03-31' }, ['DAY'], null);
    expect(byDay.source).toBe('ROLLUP');
    expect(
      byDay.rows.map((r) => ({ day: r.keys.day, gmv: r.figures.gmv, paid: r.figures.paid, refunded: r.figures.refunded, orders: r.figures.orders })),
    ).toEqual([
      // Order 1 (205.00 + 10.00 freight) and order 3 (30.00).
      { day: '2026-01-31', gmv: money('260.00'), paid: money('245.00'), refunded: money('0.00'), orders: 2 },
      { day: '2026-02-01', gmv: money('100.00'), paid: money('100.00'), refunded: money('0.00'), orders: 1 },
      { day: '2026-03-02', gmv: money('0.00'), paid: money('0.00'), refunded: money('90.00'), orders: 0 },
    ]);
    const byMonth = await salesSummary(analyst, { from: '2026-01-01', to: '2026-03-31' }, ['MONTH'], ['NET', 'BUYERS']);
    expect(byMonth.rows.map((r) => [r.keys.month, r.figures.net, r.figures.buyers, r.figures.gmv])).toEqual([
      ['2026-01', money('245.00'), 1, null], // mbr_1 bought in both shops: one buyer
      ['2026-02', money('100.00'), 1, null],
      ['2026-03', money('-90.00'), 0, null],
    ]);
    expect(byMonth.totals).toEqual([expect.objectContaining({ net: money('255.00'), buyers: 2 })]);

    const byCategory = await salesSummary(
      analyst,
      { from: '2026-01-31', to: '2026-01-31', shopIds: [shopA] },
      ['SHOP', 'CATEGORY'],
      ['PAID', 'DISCOUNTS', 'UNITS'],
    );
    expect(byCategory.rows.map((r) => [r.keys.categoryId, r.figures.paid, r.figures.units, r.figures.discounts?.total])).toEqual(
      [
        [catCases, money('26.22'), 1, money('5.00')],
        [catPhones, money('188.78'), 2, money('20.00')],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    const bySku = await salesSummary(analyst, { from: '2026-01-01', to: '2026-03-31', categoryIds: [catPhones] }, ['SKU'], ['GMV', 'NET', 'UNITS']);
    expect(bySku.source).toBe('FACTS');
    expect(bySku.rows.map((r) => [r.keys.sku, r.figures.gmv, r.figures.net, r.figures.units])).toEqual([
      [{ __typename: 'Sku', id: skuPhone }, money('300.00'), money('198.78'), 3],
    ]);
    const top = await topSkus(analyst, { from: '2026-01-01', to: '2026-03-31' }, 'NET', 2);
    expect(top.map((t) => [t.sku.id, t.net.amount])).toEqual([
      [skuPhone, '198.78'],
      [skuOther, '30.00'],
    ]);
    // One whole month: that month's rows of the month x SKU rollup, in GMV order (ties by SKU id).
    const january = await topSkus(analyst, { from: '2026-01-01', to: '2026-01-31' }, 'GMV', 3);
    expect(january.map((t) => [t.sku.id, t.gmv.amount, t.units])).toEqual([
      [skuPhone, '200.00', 2],
      ...[
        [skuCase, '30.00', 1],
        [skuOther, '30.00', 3],
      ].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)),
    ]);
    // Months cut at both ends: 31 January and 1-2 March from the day x SKU rollup, February from the month's.
    const ragged = await topSkus(analyst, { from: '2026-01-31', to: '2026-03-02' }, 'NET', 3);
    expect(ragged.map((t) => [t.sku.id, t.net.amount])).toEqual([
      [skuPhone, '198.78'], // 188.78 on 31 January, 100.00 in February, -90.00 on 2 March
      [skuOther, '30.00'],
      [skuCase, '26.22'],
    ]);
    expect((await topSkus(analyst, { from: '2026-02-02', to: '2026-02-28' }, 'GMV', 3)).map((t) => t.sku.id)).toEqual([]);

    // The smallest rollup that answers: day x shop for a day x shop summary, the month x SKU one only for whole months.
    const period = { from: '2026-01-01', to: '2026-03-31' };
    expect(rollupFor({ groupBy: ['DAY', 'SHOP'], filter: period })).toBe('dayShop');
    expect(rollupFor({ groupBy: ['MONTH', 'SKU'], filter: period })).toBe('monthSku');
    expect(rollupFor({ groupBy: ['MONTH', 'SKU'], filter: { from: '2026-01-01', to: '2026-03-30' } })).toBe('daySku');
    expect(rollupFor({ groupBy: ['SHOP', 'CATEGORY'], filter: period })).toBe('dayShopCategory');
    const byDayShop = await salesSummary(analyst, period, ['DAY', 'SHOP'], ['GMV', 'PAID', 'REFUNDED']);
    expect(
      byDayShop.rows.map((r) => [r.keys.day, (r.keys.shop as { id: string }).id, r.figures.gmv?.amount, r.figures.paid?.amount, r.figures.refunded?.amount]),
    ).toEqual(
      [
        ['2026-01-31', shopA, '230.00', '215.00', '0.00'],
        ['2026-01-31', shopB, '30.00', '30.00', '0.00'],
        ['2026-02-01', shopA, '100.00', '100.00', '0.00'],
        ['2026-03-02', shopA, '0.00', '0.00', '90.00'],
      ].sort((a, b) => (`${a[0]} ${a[1]}` < `${b[0]} ${b[1]}` ? -1 : 1)),
    );
    const byMonthSku = await salesSummary(analyst, period, ['MONTH', 'SKU'], ['GMV', 'NET']);
    expect(byMonthSku.source).toBe('ROLLUP');
    expect(byMonthSku.rows.find((r) => r.keys.month === '2026-03')?.figures.net).toEqual(money('-90.00'));

    // The owning centers' side of salesFactsCheck needs the graph (tests/analytics.test.ts); the rollups' side is here.
    const db = (await world.as(TEST_ADMIN)).db;
    const generation = await activeGeneration(db);
    expect(await salesStore.rollupDifferences(db, generation, '2026-01-01', '2026-03-31')).toEqual([]);
    // The rebuild's way, every rollup summed afresh from the facts in SQL, gives the rows the events kept one by one.
    const kept = await salesSummary(analyst, period, ['DAY', 'SHOP', 'CATEGORY'], null);
    await db.transaction((tx) => salesStore.resumRollups(tx, generation));
    expect(await salesSummary(analyst, period, ['DAY', 'SHOP', 'CATEGORY'], null)).toEqual(kept);
    expect(await topSkus(analyst, { from: '2026-01-31', to: '2026-03-02' }, 'NET', 3)).toEqual(ragged);
    expect(await salesStore.rollupDifferences(db, generation, '2026-01-01', '2026-03-31')).toEqual([]);
  });

  it('a second delivery of every event changes no aggregate', async () => {
    const analyst = await world.as(TEST_ANALYST);
    const before = await salesSummary(analyst, { from: '2026-01-01', to: '2026-03-31' }, ['DAY', 'SHOP', 'CATEGORY'], null);
    for (const event of events) await deliver(event);
    expect(await salesSummary(analyst, { from: '2026-01-01', to: '2026-03-31' }, ['DAY', 'SHOP', 'CATEGORY'], null)).toEqual(before);
  });

  it("a merchant's summary holds its own shop only; another shop is FORBIDDEN; a customer is refused", async () => {
    const merchant = await world.as(testMerchant(shopB));
    const own = await salesSummary(merchant, { from: '2026-01-01', to: '2026-03-31' }, ['SHOP'], ['PAID']);
    expect(own.rows.map((r) => [r.keys.shop, r.figures.paid])).toEqual([[{ __typename: 'Shop', id: shopB }, money('30.00')]]);
    expect((await topSkus(merchant, { from: '2026-01-01', to: '2026-03-31' }, 'GMV', 10)).map((t) => t.sku.id)).toEqual([skuOther]);
    await expect(salesSummary(merchant, { from: '2026-01-01', to: '2026-03-31', shopIds: [shopA] }, [], null)).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    await expect(salesSummary(await world.as(testCustomer('mbr_1')), { from: '2026-01-01', to: '2026-03-31' }, [], null)).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
  });
});
