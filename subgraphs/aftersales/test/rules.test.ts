import { Problems, type ordersService } from '@zhongtai/kit';
import { describe, expect, it } from 'vitest';
import { canMove, checkRequestable, lineShare, type LineVouchers } from '../src/domain/rules.ts';

const money = (amount: string) => ({ amount, currencyCode: 'CNY' as const });
const line = (over: Partial<ordersService.AfterSaleOrderLine> = {}): ordersService.AfterSaleOrderLine => ({
  id: 'oln_1',
  skuId: 'sku_1',
  spuId: 'spu_1',
  productType: 'PHYSICAL',
  quantity: 3,
  shippedQuantity: 0,
  refundedQuantity: 0,
  fulfillment: 'UNFULFILLED',
  finalAmount: money('100.00'),
  refunded: money('0.00'),
  ...over,
});
const order = (over: Partial<ordersService.AfterSaleOrder> = {}): ordersService.AfterSaleOrder => ({
  id: 'ord_1',
  shopId: 'shp_1',
  memberId: 'mbr_1',
  status: 'PAID',
  currencyCode: 'CNY',
  deliveredAt: null,
  completedAt: null,
  lines: [line()],
  ...over,
});
const codes = (o: ordersService.AfterSaleOrder, l: ordersService.AfterSaleOrderLine, r: Partial<Parameters<typeof checkRequestable>[3]>) => {
  const problems = new Problems();
  checkRequestable(problems, o, l, {
    type: 'REFUND_ONLY',
    quantity: 1,
    alreadyRequested: 0,
    now: new Date('2026-01-10T00:00:00Z'),
    returnWindowSeconds: 7 * 86400,
    vouchers: null,
    ...r,
  });
  return problems.errors.map((e) => e.code);
};

describe('after-sale rules', () => {
  it('shares a line over its units so the shares add up to what it cost', () => {
    const total = 10_001n;
    const shares = [lineShare(total, 3, 0, 1), lineShare(total, 3, 1, 1), lineShare(total, 3, 2, 1)];
    expect(shares).toEqual([3333n, 3334n, 3334n]);
    expect(shares.reduce((a, b) => a + b, 0n)).toBe(total);
    expect(lineShare(total, 3, 0, 3)).toBe(total);
    expect(lineShare(total, 3, 1, 2)).toBe(total - 3333n);
  });

  it('refuses more than is left, a redeemed service, and a fully refunded line', () => {
    expect(codes(order(), line(), { quantity: 4 })).toEqual(['TOO_MANY']);
    expect(codes(order(), line(), { quantity: 2, alreadyRequested: 2 })).toEqual(['TOO_MANY']);
    expect(codes(order(), line(), { quantity: 0 })).toEqual(['OUT_OF_RANGE']);
    const vouchers = { redeemed: 0, refundable: 0, refundRule: 'REFUNDABLE_ANYTIME' as const, expiresAt: null };
    expect(codes(order(), line({ productType: 'SERVICE', quantity: 1 }), { vouchers: { ...vouchers, redeemed: 1 } })).toEqual(['IN_USE']);
    expect(codes(order(), line({ refunded: money('100.00') }), {})).toEqual(['EXCEEDS_CAPTURED']);
    expect(codes(order({ status: 'CANCELLED' }), line(), {})).toEqual(['INVALID_TRANSITION']);
  });

  it("a service's unredeemed vouchers are refunded as its product's rule says, delivered or not; redeemed units never", () => {
    const delivered = order({ status: 'DELIVERED', deliveredAt: '2026-01-05T00:00:00Z' });
    const service = line({ productType: 'SERVICE', quantity: 3 });
    const v = (over: Partial<LineVouchers>): LineVouchers => ({ redeemed: 0, refundable: 3, refundRule: 'REFUNDABLE_ANYTIME', expiresAt: null, ...over });
    expect(codes(delivered, service, { vouchers: v({}) })).toEqual([]);
    expect(codes(order({ status: 'COMPLETED', deliveredAt: '2026-01-05T00:00:00Z' }), service, { quantity: 3, vouchers: v({}) })).toEqual([]);
    expect(codes(delivered, service, { vouchers: v({ refundable: 0, refundRule: 'NOT_REFUNDABLE' }) })).toEqual(['NOT_REFUNDABLE']);
    const expired = codes(delivered, service, {
      vouchers: v({ refundable: 0, refundRule: 'REFUNDABLE_BEFORE_EXPIRY', expiresAt: '2026-01-09T00:00:00.000Z' }),
    });
    expect(expired).toEqual(['EXPIRED']);
    // Two of three redeemed: one unit can still be asked back, two cannot.
    expect(codes(delivered, service, { quantity: 1, vouchers: v({ redeemed: 2, refundable: 1 }) })).toEqual([]);
    expect(codes(delivered, service, { quantity: 2, vouchers: v({ redeemed: 2, refundable: 1 }) })).toEqual(['IN_USE']);
    // A service without vouchers yet (not paid through) keeps the goods' rule: refund only before delivery.
    expect(codes(delivered, service, {})).toEqual(['INVALID_TRANSITION']);
  });

  it('refund only before delivery; returns and exchanges after it, inside the window', () => {
    const delivered = order({ status: 'DELIVERED', deliveredAt: '2026-01-05T00:00:00Z' });
    expect(codes(order(), line(), { type: 'REFUND_ONLY' })).toEqual([]);
    expect(codes(order({ status: 'SHIPPED' }), line(), { type: 'REFUND_ONLY' })).toEqual([]);
    expect(codes(delivered, line(), { type: 'REFUND_ONLY' })).toEqual(['INVALID_TRANSITION']);
    expect(codes(order(), line(), { type: 'RETURN_REFUND' })).toEqual(['INVALID_TRANSITION']);
    expect(codes(delivered, line(), { type: 'RETURN_REFUND' })).toEqual([]);
    expect(codes(delivered, line(), { type: 'EXCHANGE', now: new Date('2026-01-12T00:00:01Z') })).toEqual(['EXPIRED']);
    expect(codes(delivered, line({ productType: 'SERVICE' }), { type: 'RETURN_REFUND' })).toEqual(['INVALID']);
  });

  it('a decided request is final; a rejection can only be escalated or withdrawn', () => {
    expect(canMove('PENDING', 'APPROVED')).toBe(true);
    expect(canMove('REJECTED', 'APPROVED')).toBe(false);
    expect(canMove('REJECTED', 'ESCALATED')).toBe(true);
    expect(canMove('ESCALATED', 'CLOSED')).toBe(true);
    expect(canMove('CLOSED', 'APPROVED')).toBe(false);
    expect(canMove('REFUNDED', 'REFUNDED')).toBe(false);
  });
});
