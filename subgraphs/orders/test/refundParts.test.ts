import { describe, expect, it } from 'vitest';
import { cancelRefundParts, refundParts } from '../src/domain/refundablePayment.ts';

const checkout = { paymentId: 'pay_deposit' };
const lines = [
  { orderLineId: 'oln_1', amount: 150n },
  { orderLineId: 'oln_2', amount: 250n },
];

describe('where a cancelled paid order’s money goes back', () => {
  it('an ordinary order: all of it through the checkout’s payment, on its lines', () => {
    expect(cancelRefundParts({ type: 'NORMAL', balancePaymentId: null, depositAmount: 0n }, { paymentId: 'pay_1' }, 420n, lines)).toEqual([
      { paymentId: 'pay_1', keySuffix: '', amount: 420n, lines },
    ]);
  });

  it('a presale paid in full: the deposit through the deposit payment on the first lines, the rest (freight too) through the balance', () => {
    const presale = { type: 'PRESALE' as const, balancePaymentId: 'pay_balance', depositAmount: 200n };
    expect(cancelRefundParts(presale, checkout, 420n, lines)).toEqual([
      { paymentId: 'pay_balance', keySuffix: '', amount: 220n, lines: [{ orderLineId: 'oln_2', amount: 200n }] },
      {
        paymentId: 'pay_deposit',
        keySuffix: '-deposit',
        amount: 200n,
        lines: [
          { orderLineId: 'oln_1', amount: 150n },
          { orderLineId: 'oln_2', amount: 50n },
        ],
      },
    ]);
  });

  it('a presale whose balance a merchant already refunded in full: only the deposit is left, through its own payment', () => {
    const presale = { type: 'PRESALE' as const, balancePaymentId: 'pay_balance', depositAmount: 200n };
    expect(cancelRefundParts(presale, checkout, 150n, [{ orderLineId: 'oln_1', amount: 150n }])).toEqual([
      { paymentId: 'pay_deposit', keySuffix: '-deposit', amount: 150n, lines: [{ orderLineId: 'oln_1', amount: 150n }] },
    ]);
  });

  it('no payment on the checkout: nothing to refund through', () => {
    expect(cancelRefundParts({ type: 'NORMAL', balancePaymentId: null, depositAmount: 0n }, { paymentId: null }, 420n, lines)).toEqual([]);
  });
});

describe('where a refund of a paid order goes (refundParts)', () => {
  // Paid 420: a deposit of 200 and a balance of 220 (freight 20 in it); goods 150 + 250.
  const presale = { type: 'PRESALE' as const, balancePaymentId: 'pay_balance', depositAmount: 200n, payableAmount: 420n, refundedAmount: 0n };
  const none = { orderAmount: 0n, tax: 0n };

  it('an ordinary order, or a presale refunded within its balance: one part through the payment asked', () => {
    const normal = { ...presale, type: 'NORMAL' as const, balancePaymentId: null, depositAmount: 0n };
    expect(refundParts(normal, { paymentId: 'pay_1' }, 'pay_1', lines, none)).toEqual([{ paymentId: 'pay_1', keySuffix: '', lines, ...none }]);
    const within = [{ orderLineId: 'oln_2', amount: 220n }];
    expect(refundParts(presale, checkout, 'pay_balance', within, none)).toEqual([{ paymentId: 'pay_balance', keySuffix: '', lines: within, ...none }]);
  });

  it('a presale refunded beyond its balance: the balance takes the lines first, then the tax and freight; the deposit the rest', () => {
    expect(refundParts({ ...presale, refundedAmount: 100n }, checkout, 'pay_balance', lines, { orderAmount: 10n, tax: 5n })).toEqual([
      { paymentId: 'pay_balance', keySuffix: '', lines: [{ orderLineId: 'oln_1', amount: 120n }], orderAmount: 0n, tax: 0n },
      {
        paymentId: 'pay_deposit',
        keySuffix: '-deposit',
        lines: [
          { orderLineId: 'oln_1', amount: 30n },
          { orderLineId: 'oln_2', amount: 250n },
        ],
        orderAmount: 10n,
        tax: 5n,
      },
    ]);
  });

  it('a presale whose balance was refunded whole: all of it through the deposit payment, under the caller’s key', () => {
    expect(refundParts({ ...presale, refundedAmount: 220n }, checkout, 'pay_balance', [{ orderLineId: 'oln_1', amount: 150n }], none)).toEqual([
      { paymentId: 'pay_deposit', keySuffix: '', lines: [{ orderLineId: 'oln_1', amount: 150n }], ...none },
    ]);
  });
});
