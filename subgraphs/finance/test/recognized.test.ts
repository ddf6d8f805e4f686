import { describe, expect, it } from 'vitest';
import { newId } from '@zhongtai/kit';
import { openTestWorld, TEST_SERVICE, useTestWorld } from '@zhongtai/kit/testing';
import { financeCenter } from '../src/index.ts';
import { recognizedSales } from '../src/domain/recognized.ts';
import { completed, deliver, paidOrder, refunded } from './fixtures.ts';

const world = useTestWorld(() => openTestWorld({ centers: [financeCenter] }));

describe("the revenue analytics' check compares with", () => {
  it('advances recognized by completions and refunds after completion, on the business day (Asia/Shanghai) they were posted', async () => {
    const shopId = newId('shp');
    // 100.00 (10.00 platform coupon, 5.00 points) + 50.00, freight 12.00: 162.00 paid on 31 January.
    const order = paidOrder({
      shopId,
      freight: 1200n,
      paidAt: new Date('2026-01-31T15:30:00.000Z'),
      lines: [{ finalAmount: 10000n, platformDiscount: 1000n, points: 500n }, { finalAmount: 5000n }],
    });
    const [one, two] = order.lines;
    // 20.00 back before completion (1 February); completed at 00:30 on 1 March in Shanghai (16:30 UTC the day before);
    // 50.00 and 2.00 of freight back after it, at 00:10 on 1 April in Shanghai.
    const before = refunded(order, [{ orderLineId: two!.orderLineId, amount: 2000n }], 0n, new Date('2026-02-01T02:00:00.000Z'));
    const done = completed(order, shopId, order.payable - 2000n, new Date('2026-02-28T16:30:00.000Z'));
    const after = refunded(order, [{ orderLineId: one!.orderLineId, amount: 5000n }], 200n, new Date('2026-03-31T16:10:00.000Z'));
    for (const event of [order.payment, order.paid, before, done, after]) await deliver(world, event);
    const ctx = await world.as(TEST_SERVICE);
    const cny = (completedYuan: string, refundedYuan: string) => [
      {
        currencyCode: 'CNY',
        completed: { amount: completedYuan, currencyCode: 'CNY' },
        refundedAfterCompletion: { amount: refundedYuan, currencyCode: 'CNY' },
      },
    ];
    // February: the payment's month is over, the refund before completion is no revenue.
    expect(await recognizedSales(ctx, '2026-02-01', '2026-02-28')).toEqual(cny('0.00', '0.00'));
    // March (Shanghai): 162.00 - 20.00 recognized.
    expect(await recognizedSales(ctx, '2026-03-01', '2026-03-31')).toEqual(cny('142.00', '0.00'));
    expect(await recognizedSales(ctx, '2026-04-01', '2026-04-30')).toEqual(cny('0.00', '52.00'));
    expect(await recognizedSales(ctx, '2026-05-01', '2026-05-31')).toEqual([]);
  });
});
