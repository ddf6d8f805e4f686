import { DEMO_MEMBER_ID, newId } from '@zhongtai/kit';
import { mustOk } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentRow, RefundRow } from '../src/db/tables.ts';
import { createPayment } from '../src/domain/createPayment.ts';
import { refundPayment } from '../src/domain/refundPayment.ts';
import { pointsShare, tendersOf, tenderViews } from '../src/domain/tenders.ts';
import { openWorld, RUN, SERVICE, type World } from './fixtures.ts';

/** Combined payments: the points tender a payment records, and each refund's share of it. */
let w: World;
beforeAll(async () => {
  w = await openWorld();
});
afterAll(async () => {
  await w?.close();
});

let orders = 0;
async function combined(amount: string, points: number, worth: string, goods?: string): Promise<PaymentRow> {
  const p = mustOk(
    await createPayment(await w.as(SERVICE), {
      orderId: `ord-tnd-${RUN}-${++orders}`,
      memberId: DEMO_MEMBER_ID,
      purpose: 'FULL',
      amount: { amount, currencyCode: 'CNY' },
      points: { points, amount: { amount: worth, currencyCode: 'CNY' }, goodsAmount: goods ? { amount: goods, currencyCode: 'CNY' } : null },
      idempotencyKey: newId('key'),
    }),
  );
  expect((await w.deliver(w.successFor(p))).body).toEqual({ result: 'APPLIED' });
  return w.reload(p.id);
}

const refund = async (p: PaymentRow, amount: string, lines?: { orderLineId: string; amount: string }[]): Promise<RefundRow> =>
  mustOk(
    await refundPayment(await w.as(SERVICE), {
      paymentId: p.id,
      amount: { amount, currencyCode: 'CNY' },
      reason: 'refund',
      idempotencyKey: newId('key'),
      lines: lines?.map((l) => ({ orderLineId: l.orderLineId, amount: { amount: l.amount, currencyCode: 'CNY' as const } })),
    }),
  );

const split = (r: RefundRow) => [r.amount, r.points, r.pointsAmount];

describe('a payment made half with points and half through the provider', () => {
  it('records both tenders, and a full refund returns the money and every point', async () => {
    const p = await combined('50.00', 5000, '50.00');
    expect([p.amount, p.pointsUsed, p.pointsAmount]).toEqual([5000n, 5000, 5000n]);
    expect(split(await refund(p, '50.00'))).toEqual([5000n, 5000, 5000n]);
    expect(tenderViews(p.amount, tendersOf(p).points, p.currencyCode)).toEqual([
      { kind: 'PROVIDER', amount: { amount: '50.00', currencyCode: 'CNY' }, points: null },
      { kind: 'POINTS', amount: { amount: '50.00', currencyCode: 'CNY' }, points: 5000 },
    ]);
  });

  it('partial refunds split proportionally, rounded down cumulatively; the one completing the money returns the points left', async () => {
    // 33.33 paid, 3333 points worth 33.33: thirds do not divide evenly.
    const p = await combined('33.33', 3333, '33.33');
    expect(split(await refund(p, '10.00'))).toEqual([1000n, 1000, 1000n]);
    // 1000 + 0.01 of 3333: floor(3333 × 1001 / 3333) = 1001 in all, so 1 more.
    expect(split(await refund(p, '0.01'))).toEqual([1n, 1, 1n]);
    expect(split(await refund(p, '23.32'))).toEqual([2332n, 2332, 2332n]);
  });

  it('rounds down per refund and never gives more points than were paid, whatever the split', async () => {
    // 100.00 of money with 7 points worth 0.07: a third of the money is worth 2.33 points.
    const p = await combined('100.00', 7, '0.07');
    const parts = await Promise.all(['33.33', '33.33'].map(async (a) => split(await refund(p, a))));
    expect(parts).toEqual([
      [3333n, 2, 2n],
      [3333n, 2, 2n],
    ]);
    // floor(7 × 100.00 / 100.00) − 4 = 3: the last third returns what the rounding held back.
    expect(split(await refund(p, '33.34'))).toEqual([3334n, 3, 3n]);
  });

  it('points paid for the goods only: the lines refunded return them all, the freight after them none', async () => {
    // 50.00 of goods in money and 5000 points worth 50.00; 10.00 of freight, money only.
    const p = await combined('60.00', 5000, '50.00', '50.00');
    expect(p.pointsGoodsAmount).toBe(5000n);
    expect(split(await refund(p, '25.00', [{ orderLineId: 'line-1', amount: '25.00' }]))).toEqual([2500n, 2500, 2500n]);
    expect(split(await refund(p, '25.00', [{ orderLineId: 'line-2', amount: '25.00' }]))).toEqual([2500n, 2500, 2500n]);
    expect(split(await refund(p, '10.00'))).toEqual([1000n, 0, 0n]);
    const q = await combined('60.00', 5000, '50.00', '50.00');
    expect(split(await refund(q, '50.00', [{ orderLineId: 'line-1', amount: '50.00' }]))).toEqual([5000n, 5000, 5000n]);
    // The freight, refunded without lines after every line: no point is left to return.
    expect(split(await refund(q, '10.00'))).toEqual([1000n, 0, 0n]);
  });

  it('a refund that failed gave nothing back, so the next one carries its share', () => {
    const payment = { amount: 10000n, pointsUsed: 1000, pointsAmount: 1000n, pointsGoodsAmount: null };
    const failed = { status: 'FAILED' as const, amount: 5000n, lines: [], points: 500, pointsAmount: 500n };
    const taken = { status: 'SUCCEEDED' as const, amount: 2500n, lines: [], points: 250, pointsAmount: 250n };
    expect(pointsShare(payment, [failed, taken], { amount: 5000n, lines: [] })).toEqual({ points: 500, amount: 500n });
    expect(pointsShare(payment, [failed, taken], { amount: 7500n, lines: [] })).toEqual({ points: 750, amount: 750n });
    // A payment that recorded no tenders says nothing about points.
    expect(pointsShare({ amount: 10000n, pointsUsed: null, pointsAmount: null, pointsGoodsAmount: null }, [], { amount: 5000n, lines: [] })).toBeNull();
    expect(pointsShare({ amount: 10000n, pointsUsed: 0, pointsAmount: 0n, pointsGoodsAmount: null }, [], { amount: 5000n, lines: [] })).toEqual({
      points: 0,
      amount: 0n,
    });
  });

  it('refuses a points tender that is negative, fractional, in another currency or worth nothing', async () => {
    const ask = async (points: number, amount: string, currencyCode = 'CNY') => {
      const result = await createPayment(await w.as(SERVICE), {
        orderId: `ord-tnd-${RUN}-${++orders}`,
        memberId: DEMO_MEMBER_ID,
        purpose: 'FULL',
        amount: { amount: '10.00', currencyCode: 'CNY' },
        points: { points, amount: { amount, currencyCode: currencyCode as 'CNY' } },
        idempotencyKey: newId('key'),
      });
      return result.ok ? [] : result.errors.map((e) => [e.field?.join('.'), e.code]);
    };
    expect(await ask(-1, '0.00')).toEqual([['input.points.points', 'OUT_OF_RANGE']]);
    expect(await ask(1.5, '0.01')).toEqual([['input.points.points', 'OUT_OF_RANGE']]);
    expect(await ask(100, '1.00', 'USD')).toEqual([['input.points.amount.currencyCode', 'CURRENCY_MISMATCH']]);
    expect(await ask(100, '0.00')).toEqual([['input.points', 'INVALID']]);
  });
});
