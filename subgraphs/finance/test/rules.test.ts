import { describe, expect, it } from 'vitest';
import { commissionBpsFor, type RateRule } from '../src/domain/commissionRule.ts';
import { entryProblem } from '../src/domain/journal.ts';
import { adjustmentFor, matchStatement, parseStatementCsv, STATEMENT_HEADER, type StatementLine } from '../src/domain/matching.ts';
import { completionPostings, payoutPostings, paymentPostings, refundPaidPostings, refundPostings } from '../src/domain/postingRules.ts';
import { itemSettleable, openingBalance, statementTotals } from '../src/domain/settlementMath.ts';

const sum = (lines: { amount: bigint }[]) => lines.reduce((s, l) => s + l.amount, 0n);
const on = (lines: { code: string; amount: bigint; shopId?: string | null }[], code: string) =>
  lines.filter((l) => l.code === code).reduce((s, l) => s + l.amount, 0n);

describe('posting rules', () => {
  it('a payment: the provider holds it, the customer advanced it (a deposit is held apart)', () => {
    expect(paymentPostings('FULL', 19900n)).toEqual([
      { code: 'PROVIDER_CLEARING', amount: 19900n },
      { code: 'CUSTOMER_ADVANCES', amount: -19900n },
    ]);
    expect(on(paymentPostings('DEPOSIT', 5000n), 'DEPOSITS_HELD')).toBe(-5000n);
  });

  it('completion: the advance plus the platform-funded discount and points go to the shop; commission on goods only, at each line rate; the shop’s own discount and the freight pass through their accounts to its payable', () => {
    const done = completionPostings({
      shopId: 'shp_a',
      orderId: 'ord_a',
      cash: 10000n + 4000n + 1000n, // two lines and 10.00 freight
      lines: [
        { orderLineId: 'a', finalAmount: 10000n, platformDiscount: 2000n, shopDiscount: 0n, points: 300n, refunded: 0n, commissionBps: 1000 },
        { orderLineId: 'b', finalAmount: 4000n, platformDiscount: 0n, shopDiscount: 700n, points: 0n, refunded: 0n, commissionBps: 250 },
      ],
    });
    expect(sum(done.postings)).toBe(0n);
    expect(done.gross).toBe(15000n + 2000n + 300n);
    expect(done.commission).toBe((12300n * 1000n) / 10000n + (4000n * 250n) / 10000n);
    expect(done.freight).toBe(1000n);
    expect(done.shopDiscount).toBe(700n);
    expect(on(done.postings, 'MERCHANT_PAYABLE')).toBe(-(done.gross - done.commission));
    expect(on(done.postings, 'COUPON_SUBSIDY_PLATFORM')).toBe(2000n);
    expect(on(done.postings, 'POINTS_REDEEMED')).toBe(300n);
    // The payable is credited the goods before the shop's own 7.00 discount and the freight, then charged that discount.
    const payable = done.postings.filter((l) => l.code === 'MERCHANT_PAYABLE');
    expect(payable.filter((l) => l.amount < 0n).map((l) => l.amount)).toEqual([-(14000n + 2000n + 300n + 700n), -1000n]);
    expect(payable.filter((l) => l.amount > 0n).map((l) => l.amount)).toEqual([700n, done.commission]);
    expect(done.postings.filter((l) => l.code === 'COUPON_SUBSIDY_SHOP')).toEqual([
      { code: 'COUPON_SUBSIDY_SHOP', amount: 700n, shopId: 'shp_a', orderId: 'ord_a' },
      { code: 'COUPON_SUBSIDY_SHOP', amount: -700n, shopId: 'shp_a', orderId: 'ord_a' },
    ]);
    expect(done.postings.filter((l) => l.code === 'FREIGHT').map((l) => l.amount)).toEqual([-1000n, 1000n]);
    expect(on(done.postings, 'FREIGHT')).toBe(0n);
  });

  it('completion of a cross-border order: its tax goes to CUSTOMS_TAX_PAYABLE, not to the shop: no commission on it, not in its gross or freight', () => {
    const line = { orderLineId: 'a', finalAmount: 10000n, platformDiscount: 0n, shopDiscount: 0n, points: 0n, refunded: 0n, commissionBps: 500 };
    // 100.00 goods, 9.10 tax (9.1 %), 6.00 freight.
    const done = completionPostings({ shopId: 'shp_a', orderId: 'ord_a', cash: 10000n + 910n + 600n, tax: 910n, lines: [line] });
    expect(sum(done.postings)).toBe(0n);
    expect([done.tax, done.freight, done.gross, done.commission]).toEqual([910n, 600n, 10600n, 500n]);
    expect(done.postings.filter((l) => l.code === 'CUSTOMS_TAX_PAYABLE')).toEqual([{ code: 'CUSTOMS_TAX_PAYABLE', amount: -910n, orderId: 'ord_a' }]);
    expect(on(done.postings, 'MERCHANT_PAYABLE')).toBe(-(10600n - 500n));
    // A domestic order: no tax, as before.
    expect(
      completionPostings({ shopId: 'shp_a', orderId: 'ord_a', cash: 10600n, lines: [line] }).postings.some(
        (l) => l.code === 'CUSTOMS_TAX_PAYABLE' && l.amount !== 0n,
      ),
    ).toBe(false);
  });

  it('a refund of a combined payment after completion gives POINTS_REDEEMED back exactly the points’ worth the payment center split off (RefundSucceeded.pointsAmount); without it, the line’s share', () => {
    // 33.33 of a 100.00 line that 50.00 of points paid for: the line's own share is 16.67; the payment center split the whole payment's points (its other lines and freight included) and gave back 15.00 with this refund.
    const line = {
      orderLineId: 'a',
      finalAmount: 10000n,
      platformDiscount: 0n,
      shopDiscount: 0n,
      points: 5000n,
      refunded: 0n,
      commissionBps: 0,
      amount: 3333n,
    };
    const bySplit = refundPostings({ amount: 3333n, from: 'PAYABLE', shopId: 'shp_a', orderId: 'ord_a', lines: [line], points: 1500n });
    expect(sum(bySplit.postings)).toBe(0n);
    expect(on(bySplit.postings, 'POINTS_REDEEMED')).toBe(-1500n);
    expect(bySplit.clawback).toBe(3333n + 1500n);
    const byLine = refundPostings({ amount: 3333n, from: 'PAYABLE', shopId: 'shp_a', orderId: 'ord_a', lines: [line] });
    expect(sum(byLine.postings)).toBe(0n);
    expect(on(byLine.postings, 'POINTS_REDEEMED')).toBe(-1667n);
    // Before completion the points are no part of the refund's entry (members' PointsChanged returns them).
    expect(on(refundPostings({ amount: 3333n, from: 'ADVANCE', lines: [line], points: 1500n }).postings, 'POINTS_REDEEMED')).toBe(0n);
  });

  it('a refund before completion comes out of the advance; after completion out of the payable, with the subsidy and commission on the refunded part', () => {
    expect(on(refundPostings({ amount: 500n, from: 'ADVANCE', lines: [] }).postings, 'CUSTOMER_ADVANCES')).toBe(500n);
    // Owed first (REFUNDS_PAYABLE), paid by the provider second: only the second leaves the provider clearing.
    expect(on(refundPostings({ amount: 500n, from: 'ADVANCE', lines: [] }).postings, 'REFUNDS_PAYABLE')).toBe(-500n);
    expect(on(refundPostings({ amount: 500n, from: 'ADVANCE', lines: [] }).postings, 'PROVIDER_CLEARING')).toBe(0n);
    expect(refundPaidPostings(500n, 'ord_a')).toEqual([
      { code: 'REFUNDS_PAYABLE', amount: 500n, orderId: 'ord_a' },
      { code: 'PROVIDER_CLEARING', amount: -500n, orderId: 'ord_a' },
    ]);
    expect(on(refundPostings({ amount: 500n, from: 'DEPOSIT', lines: [] }).postings, 'DEPOSITS_HELD')).toBe(500n);
    const line = { orderLineId: 'a', finalAmount: 10000n, platformDiscount: 2000n, shopDiscount: 0n, points: 0n, refunded: 0n, commissionBps: 1000 };
    const half = refundPostings({ amount: 5000n, from: 'PAYABLE', shopId: 'shp_a', orderId: 'ord_a', lines: [{ ...line, amount: 5000n }] });
    expect(sum(half.postings)).toBe(0n);
    expect(half.clawback).toBe(6000n);
    expect(half.commissionReturned).toBe(600n);
    // Two halves give back exactly what completion gave (rounding telescopes, nothing is lost).
    const rest = refundPostings({ amount: 5000n, from: 'PAYABLE', shopId: 'shp_a', orderId: 'ord_a', lines: [{ ...line, refunded: 5000n, amount: 5000n }] });
    const done = completionPostings({ shopId: 'shp_a', orderId: 'ord_a', cash: 10000n, lines: [line] });
    expect(half.clawback + rest.clawback).toBe(done.gross);
    expect(half.commissionReturned + rest.commissionReturned).toBe(done.commission);
    expect(() => refundPostings({ amount: 1n, from: 'PAYABLE', lines: [] })).toThrow(/shop/);
    // After completion the shop's own discount on the refunded part and the freight refunded come back through their accounts.
    const shopFunded = { ...line, platformDiscount: 0n, shopDiscount: 1000n };
    const withFreight = refundPostings({ amount: 5300n, from: 'PAYABLE', shopId: 'shp_a', orderId: 'ord_a', lines: [{ ...shopFunded, amount: 5000n }] });
    expect(sum(withFreight.postings)).toBe(0n);
    expect(withFreight).toMatchObject({ clawback: 5300n, freight: 300n, shopDiscount: 500n });
    expect(on(withFreight.postings, 'MERCHANT_PAYABLE')).toBe(5300n - withFreight.commissionReturned);
    expect(on(withFreight.postings, 'REFUNDS_PAYABLE')).toBe(-5300n);
    expect(on(withFreight.postings, 'FREIGHT')).toBe(0n);
    expect(on(withFreight.postings, 'COUPON_SUBSIDY_SHOP')).toBe(0n);
  });

  it('跨境: the tax refunded before completion is no longer owed to customs; after completion it comes out of what customs is owed, not the shop', () => {
    const line = { orderLineId: 'a', finalAmount: 10000n, platformDiscount: 0n, shopDiscount: 0n, points: 0n, refunded: 0n, commissionBps: 500 };
    // Paid 100.00 + 9.10 tax + 10.00 freight; half the line refunded before completion with its 4.55 of tax.
    const done = completionPostings({ shopId: 's', orderId: 'o', cash: 11910n - 5455n, tax: 910n - 455n, lines: [{ ...line, refunded: 5000n }] });
    expect(sum(done.postings)).toBe(0n);
    expect(done).toMatchObject({ tax: 455n, freight: 1000n, gross: 5000n + 1000n });
    expect(on(done.postings, 'CUSTOMS_TAX_PAYABLE')).toBe(-455n);
    // The other half after completion: the shop gives back its goods and the commission returns; customs' share is not the shop's.
    const after = refundPostings({
      amount: 5455n,
      tax: 455n,
      from: 'PAYABLE',
      shopId: 's',
      orderId: 'o',
      lines: [{ ...line, refunded: 5000n, amount: 5000n }],
    });
    expect(sum(after.postings)).toBe(0n);
    expect(after).toMatchObject({ clawback: 5000n, freight: 0n });
    expect(on(after.postings, 'CUSTOMS_TAX_PAYABLE')).toBe(455n);
    expect(on(after.postings, 'MERCHANT_PAYABLE')).toBe(5000n - after.commissionReturned);
    expect(on(after.postings, 'REFUNDS_PAYABLE')).toBe(-5455n);
  });

  it('odd amounts round down on each share, and a refunded share of 1/3 still balances', () => {
    const line = { orderLineId: 'a', finalAmount: 1000n, platformDiscount: 100n, shopDiscount: 0n, points: 7n, refunded: 333n, commissionBps: 333 };
    const done = completionPostings({ shopId: 's', orderId: 'o', cash: 667n, lines: [line] });
    expect(done.platformSubsidy).toBe((100n * 667n) / 1000n);
    expect(done.pointsValue).toBe((7n * 667n) / 1000n);
    expect(sum(done.postings)).toBe(0n);
  });

  it('a payout: payable into transit; paid leaves cash; failed comes back to the payable', () => {
    expect(on(payoutPostings('SENT', 'shp_a', 100n), 'MERCHANT_PAYABLE')).toBe(100n);
    expect(on(payoutPostings('PAID', 'shp_a', 100n), 'PLATFORM_CASH')).toBe(-100n);
    expect(on(payoutPostings('FAILED', 'shp_a', 100n), 'MERCHANT_PAYABLE')).toBe(-100n);
  });

  it('an entry needs two non-zero postings that add up to zero, and a shop exactly on shop accounts', () => {
    expect(entryProblem([{ code: 'PLATFORM_CASH', amount: 1n }])).toMatch(/two/);
    expect(
      entryProblem([
        { code: 'PLATFORM_CASH', amount: 1n },
        { code: 'COMMISSION_REVENUE', amount: -2n },
      ]),
    ).toMatch(/differ by -1/);
    expect(
      entryProblem([
        { code: 'PLATFORM_CASH', amount: 1n },
        { code: 'MERCHANT_PAYABLE', amount: -1n },
      ]),
    ).toMatch(/needs shop/);
    expect(
      entryProblem([
        { code: 'PLATFORM_CASH', amount: 1n },
        { code: 'MERCHANT_PAYABLE', amount: -1n, shopId: 'shp_a' },
      ]),
    ).toBeNull();
  });
});

describe('commission lookup', () => {
  const day = (d: number) => new Date(Date.UTC(2026, 0, d));
  const rules: RateRule[] = [
    { shopId: 'shp_a', categoryId: null, rateBps: 300, effectiveFrom: day(1) },
    { shopId: 'shp_a', categoryId: null, rateBps: 400, effectiveFrom: day(10) },
    { shopId: null, categoryId: 'cat_phones', rateBps: 200, effectiveFrom: day(5) },
    { shopId: null, categoryId: 'cat_electronics', rateBps: 800, effectiveFrom: day(1) },
  ];
  const path = ['cat_electronics', 'cat_phones'];
  it('the category wins over the shop; the nearest category of the path first; the latest rate in effect', () => {
    expect(commissionBpsFor(rules, { shopId: 'shp_a', categoryPath: path, at: day(6) }, 500)).toBe(200);
    // Before the phones rate took effect, the parent category's applies.
    expect(commissionBpsFor(rules, { shopId: 'shp_a', categoryPath: path, at: day(3) }, 500)).toBe(800);
    expect(commissionBpsFor(rules, { shopId: 'shp_a', categoryPath: ['cat_books'], at: day(3) }, 500)).toBe(300);
    expect(commissionBpsFor(rules, { shopId: 'shp_a', categoryPath: ['cat_books'], at: day(11) }, 500)).toBe(400);
    expect(commissionBpsFor(rules, { shopId: 'shp_b', categoryPath: [], at: day(11) }, 500)).toBe(500);
  });
});

describe('settlement arithmetic', () => {
  const item = (gross: bigint, refund: bigint, commission: bigint, adjustment = 0n) => ({
    gross,
    refund,
    commission,
    adjustment,
    net: gross - refund - commission + adjustment,
  });
  it('amount due = opening + orders − refunds − commission + adjustments, and the lines add up to it; freight and shop discounts are memo totals net of refunds', () => {
    // The order's gross holds 8.00 freight, its shop gave 12.00 off; the refund took back 3.00 of freight and 2.40 of that discount.
    const items = [
      { ...item(10000n, 0n, 500n), kind: 'ORDER' as const, freight: 800n, shopDiscount: 1200n },
      { ...item(0n, 2000n, -100n), kind: 'REFUND' as const, freight: 300n, shopDiscount: 240n },
      { ...item(0n, 0n, 0n, -300n), kind: 'ADJUSTMENT' as const },
    ];
    const totals = statementTotals(1500n, items);
    expect(totals).toEqual({
      ordersAmount: 10000n,
      refundsAmount: 2000n,
      commissionAmount: 400n,
      adjustmentsAmount: -300n,
      amountDue: 1500n + 10000n - 2000n - 400n - 300n,
      freightAmount: 500n,
      shopDiscountsAmount: 960n,
    });
    expect(1500n + items.reduce((s, i) => s + i.net, 0n)).toBe(totals.amountDue);
    expect(() => statementTotals(0n, [{ ...item(1n, 0n, 0n), net: 2n }])).toThrow(/net/);
  });
  it('opening balance: what earlier confirmed statements left unpaid, a failed payout included; a draft is paid on its own', () => {
    expect(
      openingBalance(
        [
          { amountDue: 1000n, status: 'CONFIRMED' },
          { amountDue: -200n, status: 'CONFIRMED' },
          { amountDue: 700n, status: 'CONFIRMED' },
          { amountDue: 900n, status: 'DRAFT' },
        ],
        [
          { amount: 1000n, status: 'PAID' },
          { amount: 700n, status: 'FAILED' },
        ],
      ),
    ).toBe(500n);
  });
  it('an item waits for T+N and for an open after-sale request; once the order is settled, its later items go at once', () => {
    const end = new Date('2026-01-08T00:00:00Z');
    const item = { occurredAt: new Date('2026-01-02T00:00:00Z'), orderId: 'ord_a' };
    expect(itemSettleable(item, { settleableAt: new Date('2026-01-07T00:00:00Z'), settled: false, afterSaleOpen: false }, end)).toBe(true);
    expect(itemSettleable(item, { settleableAt: new Date('2026-01-09T00:00:00Z'), settled: false, afterSaleOpen: false }, end)).toBe(false);
    expect(itemSettleable(item, { settleableAt: new Date('2026-01-07T00:00:00Z'), settled: false, afterSaleOpen: true }, end)).toBe(false);
    expect(itemSettleable(item, { settleableAt: null, settled: true, afterSaleOpen: true }, end)).toBe(true);
    expect(itemSettleable({ ...item, occurredAt: end }, undefined, end)).toBe(false);
  });
});

describe('reconciliation matching', () => {
  const line = (kind: 'CAPTURE' | 'REFUND', reference: string, amount: bigint): StatementLine => ({ kind, reference, amount, currency: 'CNY' });
  it('reports exactly the missing capture, the extra refund and the amount off by 0.01', () => {
    const ours = [line('CAPTURE', 'pay_1', 10000n), line('CAPTURE', 'pay_2', 5000n), line('REFUND', 'rfd_1', 1000n), line('CAPTURE', 'pay_3', 2999n)];
    const theirs = [line('CAPTURE', 'pay_1', 10000n), line('REFUND', 'rfd_1', 1000n), line('REFUND', 'rfd_9', 700n), line('CAPTURE', 'pay_3', 3000n)];
    const matches = matchStatement(theirs, ours);
    expect(matches.filter((m) => m.outcome !== 'MATCHED').map((m) => [m.outcome, m.reference])).toEqual([
      ['MISSING_IN_OURS', 'rfd_9'],
      ['AMOUNT_MISMATCH', 'pay_3'],
      ['MISSING_IN_PROVIDER', 'pay_2'],
    ]);
    expect(matches.filter((m) => m.outcome === 'MATCHED')).toHaveLength(2);
  });
  it('the adjusting entry moves the clearing to what the provider says', () => {
    expect(on(adjustmentFor({ outcome: 'AMOUNT_MISMATCH', kind: 'CAPTURE', ourAmount: 2999n, providerAmount: 3000n }), 'PROVIDER_CLEARING')).toBe(1n);
    expect(on(adjustmentFor({ outcome: 'MISSING_IN_OURS', kind: 'REFUND', ourAmount: null, providerAmount: 700n }), 'PROVIDER_CLEARING')).toBe(-700n);
    expect(on(adjustmentFor({ outcome: 'MISSING_IN_PROVIDER', kind: 'CAPTURE', ourAmount: 5000n, providerAmount: null }), 'PROVIDER_CLEARING')).toBe(-5000n);
    expect(adjustmentFor({ outcome: 'MATCHED', kind: 'CAPTURE', ourAmount: 1n, providerAmount: 1n })).toEqual([]);
  });
  it('reads the file exactly (decimals to minor units, never a float) and names each bad line', () => {
    const good = parseStatementCsv(
      `${STATEMENT_HEADER}\nCAPTURE,sbx_pay_1,pay_1,0.10,CNY,2026-01-01T00:00:00Z\nREFUND,sbxr_rfd_1,rfd_1,1999.99,CNY,2026-01-01T01:00:00Z\n`,
    );
    expect(good.problems.any).toBe(false);
    expect(good.lines.map((l) => l.amount)).toEqual([10n, 199999n]);
    const bad = parseStatementCsv(`${STATEMENT_HEADER}\nCAPTURE,x,pay_1,1.001,CNY,t\nPAYOUT,x,y,1,CNY,t\n`);
    expect(bad.problems.errors.map((e) => e.message)).toEqual([expect.stringMatching(/at most 2 decimals/), 'line 3: type is CAPTURE or REFUND']);
    expect(parseStatementCsv('nope\n').problems.errors[0]?.message).toMatch(/header/);
  });
});
