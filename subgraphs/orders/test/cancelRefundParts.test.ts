import { describe, expect, it } from 'vitest';
import { cancelRefundParts } from '../src/domain/refundablePayment.ts';

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
