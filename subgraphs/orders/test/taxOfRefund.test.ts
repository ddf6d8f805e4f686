import { describe, expect, it } from 'vitest';
import { taxOfRefund } from '../src/domain/orderRefund.ts';

describe('taxOfRefund (跨境综合税 going back with a refunded line)', () => {
  const line = { id: 'oln_a', finalAmount: 10001n, taxAmount: 910n, refundedAmount: 0n };

  it('gives back the line tax in proportion, rounded down cumulatively: the parts of a whole line add up to its whole tax', () => {
    const thirds = [3333n, 3334n, 3334n];
    let refunded = 0n;
    let given = 0n;
    for (const amount of thirds) {
      given += taxOfRefund([{ ...line, refundedAmount: refunded }], [{ orderLineId: line.id, amount }]);
      refunded += amount;
    }
    expect(refunded).toBe(line.finalAmount);
    expect(given).toBe(910n);
    expect(taxOfRefund([line], [{ orderLineId: line.id, amount: 3333n }])).toBe((910n * 3333n) / 10001n);
  });

  it('a domestic line, or a line not of the order, gives back no tax', () => {
    expect(taxOfRefund([{ ...line, taxAmount: 0n }], [{ orderLineId: line.id, amount: 5000n }])).toBe(0n);
    expect(taxOfRefund([line], [{ orderLineId: 'oln_other', amount: 5000n }])).toBe(0n);
  });
});
