import { Problems, seedId } from '@zhongtai/kit';
import { describe, expect, it } from 'vitest';
import { requestHash, validateCheckout, type PlaceOrderInput } from '../src/domain/checkoutInput.ts';
import { lineSource } from '../src/domain/lineSource.ts';
import { canTransition, ORDER_TRANSITIONS } from '../src/domain/stateMachine.ts';

const address = { receiver: '王芳', phone: '+86 137 0000 0003', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号' };
const sku = (n: number) => seedId('sku', n);
const input = (over: Partial<PlaceOrderInput> = {}): PlaceOrderInput => ({ idempotencyKey: 'k-1', lines: [{ skuId: sku(1), quantity: 2 }], address, ...over });

describe('order transitions', () => {
  it('follow the one table', () => {
    expect(canTransition('PENDING_PAYMENT', 'PAID')).toBe(true);
    expect(canTransition('PAID', 'CANCELLED')).toBe(true);
    expect(canTransition('SHIPPED', 'CANCELLED')).toBe(false);
    expect(canTransition('CANCELLED', 'SHIPPED')).toBe(false);
    expect(canTransition('DELIVERED', 'COMPLETED')).toBe(true);
    expect(canTransition('COMPLETED', 'CANCELLED')).toBe(false);
    for (const end of ['COMPLETED', 'CANCELLED', 'CLOSED'] as const) expect(ORDER_TRANSITIONS[end]).toEqual([]);
  });
});

describe('checkout input', () => {
  it('accepts a well-formed request and trims the coupon', () => {
    const p = new Problems();
    expect(validateCheckout(input({ couponCode: '  SAVE30 ' }), p)).toMatchObject({ couponCode: 'SAVE30', pointsToUse: 0 });
    expect(p.errors).toEqual([]);
  });

  it('names every problem with its field', () => {
    const p = new Problems();
    validateCheckout(
      input({
        idempotencyKey: ' ',
        lines: [
          { skuId: 'nope', quantity: 1 },
          { skuId: sku(2), quantity: 0 },
          { skuId: sku(2), quantity: 1 },
        ],
        address: { ...address, phone: 'call me', detail: '' },
        pointsToUse: -5,
      }),
      p,
    );
    expect(p.errors.map((e) => `${e.field?.join('.')}:${e.code}`)).toEqual([
      'input.idempotencyKey:REQUIRED',
      'input.lines.0.skuId:INVALID_ID',
      'input.lines.1.quantity:OUT_OF_RANGE',
      'input.lines.2.skuId:DUPLICATE',
      'input.address.detail:REQUIRED',
      'input.address.phone:INVALID',
      'input.pointsToUse:NEGATIVE',
    ]);
  });

  it('a retry is the same request whatever the line order; another cart is not', () => {
    const a = input({
      lines: [
        { skuId: sku(1), quantity: 1 },
        { skuId: sku(2), quantity: 3 },
      ],
    });
    const b = input({
      idempotencyKey: 'other',
      lines: [
        { skuId: sku(2), quantity: 3 },
        { skuId: sku(1), quantity: 1 },
      ],
    });
    expect(requestHash(a)).toBe(requestHash(b));
    expect(requestHash(a)).not.toBe(
      requestHash(
        input({
          lines: [
            { skuId: sku(1), quantity: 2 },
            { skuId: sku(2), quantity: 3 },
          ],
        }),
      ),
    );
  });

  // Guards against a fingerprint that leaves out the address, the coupon or the points (a retry
  // with another address would be answered with the first checkout).
  it('another address, coupon or points is another request', () => {
    const base = requestHash(input());
    expect(requestHash(input({ address: { ...address, detail: '文三路 101 号' } }))).not.toBe(base);
    expect(requestHash(input({ couponCode: 'SAVE30' }))).not.toBe(base);
    expect(requestHash(input({ pointsToUse: 50 }))).not.toBe(base);
    expect(requestHash(input({ idempotencyKey: 'k-2' }))).toBe(base);
  });
});

describe('where a line ships from', () => {
  const warehouseId = seedId('whs', 1);
  const supplierId = seedId('sup', 1);
  it('a supplier (代发) before a warehouse; a service from nowhere', () => {
    expect(lineSource({ productType: 'PHYSICAL', warehouseId: null, supplierId })).toEqual({ kind: 'SUPPLIER', supplierId });
    expect(lineSource({ productType: 'PHYSICAL', warehouseId, supplierId: null })).toEqual({ kind: 'WAREHOUSE', warehouseId });
    expect(lineSource({ productType: 'SERVICE', warehouseId, supplierId: null })).toEqual({ kind: 'NONE' });
    expect(lineSource({ productType: 'PHYSICAL_WITH_SERVICE', warehouseId: null, supplierId: null })).toEqual({ kind: 'NONE' });
  });
});
