import { describe, expect, it } from 'vitest';
import { useTestWorld } from '@zhongtai/kit/testing';
import { and, eq, inArray } from 'drizzle-orm';
import { reservationAllocations, reservations, stockLevels } from '../src/db/tables.ts';
import { reserveStock } from '../src/domain/reservations.ts';
import { expectLedgerBalanced, openWorld, SERVICE } from './fixtures.ts';

/**
 * Overselling under concurrent orders, on the real PostgreSQL (PGlite has one connection and
 * would serialize everything). openTestDatabase gives a pool of 20 connections.
 */
describe.runIf(process.env.DATABASE_URL)('concurrent reservations (PostgreSQL)', () => {
  const world = useTestWorld(openWorld);

  const db = () => world.host.database.forCenter('inventory');
  const expiresAt = () => new Date(Date.now() + 30 * 60_000);
  const levelsOf = (skuIds: string[]) => db().select().from(stockLevels).where(inArray(stockLevels.skuId, skuIds));

  it('200 reservations of 1 unit against 50 available: exactly 50 succeed, available ends at 0', async () => {
    const [sku] = (await world.skus(world.shopA, 1)) as [string];
    const warehouse = await world.warehouse(null, 10);
    await world.stockIn(warehouse, sku, 50);
    // Every attempt gets its own context, as separate requests from the order center would.
    const results = await Promise.all(
      Array.from({ length: 200 }, async (_, i) =>
        reserveStock(await world.as(SERVICE), { orderId: `race-${sku}-${i}`, lines: [{ skuId: sku, quantity: 1 }], expiresAt: expiresAt() }),
      ),
    );
    const succeeded = results.filter((r) => r.ok);
    expect(succeeded).toHaveLength(50);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.errors[0]!.code === 'OUT_OF_STOCK')).toBe(true);
    const [level] = await levelsOf([sku]);
    expect(level).toMatchObject({ onHand: 50, reserved: 50 });
    expect(level!.onHand - level!.reserved).toBe(0);
    await expectLedgerBalanced(world);
  }, 120_000);

  it('multi-line orders over two SKUs in two warehouses: no order is half reserved', async () => {
    const [skuX, skuY] = (await world.skus(world.shopA, 2)) as [string, string];
    const first = await world.warehouse(null, 10);
    const second = await world.warehouse(null, 20);
    await world.stockIn(first, skuX, 40);
    await world.stockIn(second, skuX, 20);
    await world.stockIn(first, skuY, 25);
    // Orders list the SKUs in both orders, so unsorted locking would deadlock.
    const results = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const lines =
          i % 2
            ? [
                { skuId: skuX, quantity: 1 },
                { skuId: skuY, quantity: 1 },
              ]
            : [
                { skuId: skuY, quantity: 1 },
                { skuId: skuX, quantity: 2 },
              ];
        return reserveStock(await world.as(SERVICE), { orderId: `multi-${skuX}-${i}`, lines, expiresAt: expiresAt() });
      }),
    );
    const ok = results.filter((r) => r.ok);
    const levels = await levelsOf([skuX, skuY]);
    const reservedOf = (skuId: string) => levels.filter((l) => l.skuId === skuId).reduce((n, l) => n + l.reserved, 0);
    for (const l of levels) expect(l.reserved).toBeLessThanOrEqual(l.onHand);
    // Y (25 units, 1 per order) is the bottleneck (X has 60, at most 50 wanted): exactly 25 orders are served whole.
    expect(ok).toHaveLength(25);
    expect(reservedOf(skuY)).toBe(25);
    const held = await db()
      .select({ orderId: reservations.orderId, skuId: reservationAllocations.skuId, quantity: reservationAllocations.quantity })
      .from(reservationAllocations)
      .innerJoin(reservations, eq(reservations.id, reservationAllocations.reservationId))
      .where(and(inArray(reservationAllocations.skuId, [skuX, skuY])));
    const orders = new Map<string, number>();
    for (const h of held) orders.set(h.orderId, (orders.get(h.orderId) ?? 0) + 1);
    expect([...orders.values()].every((lines) => lines === 2)).toBe(true);
    expect(orders.size).toBe(25);
    expect(reservedOf(skuX)).toBe(held.filter((h) => h.skuId === skuX).reduce((n, h) => n + h.quantity, 0));
    await expectLedgerBalanced(world);
  }, 120_000);
});
