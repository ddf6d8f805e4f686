import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { useTestWorld } from '@zhongtai/kit/testing';
import { stockLevels } from '../src/db/tables.ts';
import { resizeReservation } from '../src/domain/reservationResize.ts';
import { commitReservation, releaseReservation } from '../src/domain/reservationStatus.ts';
import { reserveStock } from '../src/domain/reservations.ts';
import { errorsOf, expectLedgerBalanced, openWorld, SERVICE, value } from './fixtures.ts';

const world = useTestWorld(openWorld);
let sku: string;
let near: string, far: string;
beforeAll(async () => {
  [sku] = (await world.skus(world.shopA, 1)) as [string];
  near = await world.warehouse(null, 10);
  far = await world.warehouse(null, 20);
  await world.stockIn(near, sku, 5);
  await world.stockIn(far, sku, 20);
}, 120_000);

const db = () => world.host.database.forCenter('inventory');
const service = () => world.as(SERVICE);
const soon = () => new Date(Date.now() + 30 * 60_000);
let orderNo = 0;
const order = () => `ord-resize-${++orderNo}-${Date.now()}`;
const reserved = async (warehouseId: string) =>
  (
    await db()
      .select()
      .from(stockLevels)
      .where(and(eq(stockLevels.skuId, sku), eq(stockLevels.warehouseId, warehouseId)))
  )[0]!.reserved;

describe('resizeReservation (an order edit before payment)', () => {
  it('reserves more in the line’s own warehouse, never another; gives back fewer; once per key', async () => {
    const orderId = order();
    value(await reserveStock(await service(), { orderId, lines: [{ skuId: sku, quantity: 2 }], expiresAt: soon() }));
    expect(await reserved(near)).toBe(2);
    const resize = async (key: string, quantity: number) => resizeReservation(await service(), { key, orderId, skuId: sku, quantity, reason: 'edit' });

    expect(value(await resize('e1', 5))).toMatchObject({ from: 2, to: 5, warehouseId: near });
    expect(await reserved(near)).toBe(5);
    // The same key again moves nothing.
    expect(value(await resize('e1', 5))).toMatchObject({ from: 2, to: 5 });
    expect(await reserved(near)).toBe(5);
    // The near warehouse has 5 in all: a sixth is refused even though the far one has 20.
    expect(errorsOf(await resize('e2', 6))).toEqual([{ field: ['input', 'quantity'], code: 'OUT_OF_STOCK' }]);
    expect([await reserved(near), await reserved(far)]).toEqual([5, 0]);

    expect(value(await resize('e3', 1))).toMatchObject({ from: 5, to: 1 });
    expect(await reserved(near)).toBe(1);
    // Released later, only what is still held comes back.
    value(await releaseReservation(await service(), { orderId, reason: 'cancelled' }));
    expect(await reserved(near)).toBe(0);
    await expectLedgerBalanced(world);
  });

  it('a paid (committed) reservation is not resized: after-sales changes it', async () => {
    const orderId = order();
    value(await reserveStock(await service(), { orderId, lines: [{ skuId: sku, quantity: 1 }], expiresAt: soon() }));
    value(await commitReservation(await service(), { orderId }));
    const refused = await resizeReservation(await service(), { key: 'paid', orderId, skuId: sku, quantity: 2, reason: 'edit' });
    expect(errorsOf(refused).map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
    value(await releaseReservation(await service(), { orderId, reason: 'test' }));
  });
});
