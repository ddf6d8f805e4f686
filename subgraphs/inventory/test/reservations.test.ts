import { beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { waitFor, useTestWorld } from '@zhongtai/kit/testing';
import { outbox, reservations, stockLevels, stockMovements } from '../src/db/tables.ts';
import { commitReservation, expireReservation, releaseReservation, sweepExpiredReservations } from '../src/domain/reservationStatus.ts';
import { reserveStock } from '../src/domain/reservations.ts';
import { configureStockLevel } from '../src/domain/stockLevels.ts';
import { updateWarehouse } from '../src/domain/warehouses.ts';
import { ADMIN, errorsOf, expectLedgerBalanced, openWorld, SERVICE, value } from './fixtures.ts';

const world = useTestWorld(openWorld);
let skuA: string, skuB: string, skuC: string;
let near: string, far: string;
beforeAll(async () => {
  [skuA, skuB, skuC] = (await world.skus(world.shopA, 3)) as [string, string, string];
  near = await world.warehouse(null, 10);
  far = await world.warehouse(null, 20);
  await world.stockIn(near, skuA, 5);
  await world.stockIn(far, skuA, 20);
  await world.stockIn(far, skuB, 3);
}, 120_000);

const db = () => world.host.database.forCenter('inventory');
const service = () => world.as(SERVICE);
const soon = (ms = 30 * 60_000) => new Date(Date.now() + ms);
let orderNo = 0;
const order = () => `ord-${++orderNo}-${Date.now()}`;
const level = async (skuId: string, warehouseId: string) =>
  (
    await db()
      .select()
      .from(stockLevels)
      .where(and(eq(stockLevels.skuId, skuId), eq(stockLevels.warehouseId, warehouseId)))
  )[0]!;
const movementCount = async (referenceId: string) =>
  (await db().select({ n: count() }).from(stockMovements).where(eq(stockMovements.referenceId, referenceId)))[0]!.n;

describe('reserveStock', () => {
  it('takes each line whole from the first warehouse by priority that has it', async () => {
    const orderId = order();
    const reservation = value(
      await reserveStock(await service(), {
        orderId,
        lines: [
          { skuId: skuA, quantity: 4 },
          { skuId: skuB, quantity: 1 },
        ],
        expiresAt: soon(),
      }),
    );
    expect(reservation).toMatchObject({ orderId, status: 'ACTIVE' });
    expect((await level(skuA, near)).reserved).toBe(4);
    expect((await level(skuB, far)).reserved).toBe(1);
    // 4 of 5 are held near: a line of 3 does not split, it comes whole from the far warehouse.
    const second = value(await reserveStock(await service(), { orderId: order(), lines: [{ skuId: skuA, quantity: 3 }], expiresAt: soon() }));
    expect((await level(skuA, far)).reserved).toBe(3);
    value(await releaseReservation(await service(), { orderId: second.orderId, reason: 'test' }));
    value(await releaseReservation(await service(), { orderId, reason: 'test' }));
    await expectLedgerBalanced(world);
  });

  it('holds all lines or none', async () => {
    const before = [await level(skuA, near), await level(skuA, far)];
    const orderId = order();
    const result = await reserveStock(await service(), {
      orderId,
      lines: [
        { skuId: skuA, quantity: 2 },
        { skuId: skuB, quantity: 99 },
      ],
      expiresAt: soon(),
    });
    expect(errorsOf(result)).toEqual([{ field: ['input', 'lines', '1', 'quantity'], code: 'OUT_OF_STOCK' }]);
    expect([await level(skuA, near), await level(skuA, far)].map((l) => l.reserved)).toEqual(before.map((l) => l.reserved));
    expect(await db().select().from(reservations).where(eq(reservations.orderId, orderId))).toEqual([]);
    expect(await movementCount(orderId)).toBe(0);
  });

  it('is idempotent per order: a second call holds nothing more', async () => {
    const orderId = order();
    const input = { orderId, lines: [{ skuId: skuA, quantity: 2 }], expiresAt: soon() };
    const first = value(await reserveStock(await service(), input));
    const again = value(await reserveStock(await service(), input));
    expect(again.id).toBe(first.id);
    expect(await movementCount(orderId)).toBe(1);
    expect((await level(skuA, near)).reserved).toBe(2);
    value(await releaseReservation(await service(), { orderId, reason: 'test' }));
  });

  it('refuses bad input with field paths and writes nothing', async () => {
    const movementsBefore = (await db().select({ n: count() }).from(stockMovements))[0]!.n;
    const result = await reserveStock(await service(), {
      orderId: ' ',
      lines: [
        { skuId: skuA, quantity: -1 },
        { skuId: 'sku_01HK153X00000000000000ZZZZ', quantity: 1 },
        { skuId: skuA, quantity: 1 },
      ],
      expiresAt: new Date(Date.now() - 1000),
    });
    expect(errorsOf(result)).toEqual(
      expect.arrayContaining([
        { field: ['input', 'orderId'], code: 'REQUIRED' },
        { field: ['input', 'expiresAt'], code: 'INVALID' },
        { field: ['input', 'lines', '0', 'quantity'], code: 'NEGATIVE' },
        { field: ['input', 'lines', '2', 'skuId'], code: 'DUPLICATE' },
      ]),
    );
    const unknown = await reserveStock(await service(), {
      orderId: order(),
      lines: [{ skuId: 'sku_01HK153X00000000000000ZZZZ', quantity: 1 }],
      expiresAt: soon(),
    });
    expect(errorsOf(unknown)).toEqual([{ field: ['input', 'lines', '0', 'skuId'], code: 'NOT_FOUND' }]);
    expect((await db().select({ n: count() }).from(stockMovements))[0]!.n).toBe(movementsBefore);
  });

  it('never takes from an inactive warehouse', async () => {
    value(await updateWarehouse(await world.as(ADMIN), { id: far, status: 'INACTIVE' }));
    const result = await reserveStock(await service(), { orderId: order(), lines: [{ skuId: skuB, quantity: 1 }], expiresAt: soon() });
    expect(errorsOf(result)).toEqual([{ field: ['input', 'lines', '0', 'quantity'], code: 'OUT_OF_STOCK' }]);
    value(await updateWarehouse(await world.as(ADMIN), { id: far, status: 'ACTIVE' }));
  });
});

describe('commit and release', () => {
  it('commit is idempotent and a committed reservation no longer expires', async () => {
    const orderId = order();
    const r = value(await reserveStock(await service(), { orderId, lines: [{ skuId: skuA, quantity: 1 }], expiresAt: soon() }));
    expect(value(await commitReservation(await service(), { orderId })).status).toBe('COMMITTED');
    expect(value(await commitReservation(await service(), { orderId })).status).toBe('COMMITTED');
    expect(await expireReservation(await service(), r.id, soon(60 * 60_000))).toBe(false);
    expect(await movementCount(orderId)).toBe(1);
    value(await releaseReservation(await service(), { orderId, reason: 'cancelled after payment' }));
  });

  it('release is idempotent: twice is one release, and a released reservation cannot be committed', async () => {
    const orderId = order();
    const reservedBefore = (await level(skuA, near)).reserved;
    value(await reserveStock(await service(), { orderId, lines: [{ skuId: skuA, quantity: 2 }], expiresAt: soon() }));
    const first = value(await releaseReservation(await service(), { orderId, reason: 'customer cancelled' }));
    const again = value(await releaseReservation(await service(), { orderId, reason: 'customer cancelled' }));
    expect([first.status, again.status, again.releaseReason]).toEqual(['RELEASED', 'RELEASED', 'customer cancelled']);
    expect((await level(skuA, near)).reserved).toBe(reservedBefore);
    expect(await movementCount(orderId)).toBe(2);
    expect(errorsOf(await commitReservation(await service(), { orderId }))).toEqual([{ field: ['input', 'orderId'], code: 'INVALID_TRANSITION' }]);
    expect(errorsOf(await releaseReservation(await service(), { orderId: 'no-such-order', reason: 'x' }))).toEqual([
      { field: ['input', 'orderId'], code: 'NOT_FOUND' },
    ]);
    await expectLedgerBalanced(world);
  });
});

describe('expiry', () => {
  it('the scheduled job releases an expired reservation exactly once', async () => {
    const orderId = order();
    const reservation = value(await reserveStock(await service(), { orderId, lines: [{ skuId: skuB, quantity: 2 }], expiresAt: soon(1500) }));
    const jobs = await db()
      .select()
      .from(outbox)
      .where(and(eq(outbox.kind, 'job'), eq(outbox.topic, 'expireReservation')));
    const job = jobs.find((j) => (j.payload as { reservationId: string }).reservationId === reservation.id);
    expect(job?.startAfter?.getTime()).toBe(reservation.expiresAt.getTime());
    expect((await level(skuB, far)).reserved).toBe(2);
    await world.host.bus!.relayNow();
    const released = await waitFor(
      async () => {
        const [row] = await db().select().from(reservations).where(eq(reservations.id, reservation.id));
        return row?.status === 'RELEASED' ? row : undefined;
      },
      { what: 'the expiry job', timeoutMs: 30_000 },
    );
    expect(released.releaseReason).toBe('expired');
    // The sweep and a redelivered job find nothing left to release.
    expect(await sweepExpiredReservations(await service())).toBe(0);
    expect(await expireReservation(await service(), reservation.id)).toBe(false);
    expect((await level(skuB, far)).reserved).toBe(0);
    const releases = await db()
      .select()
      .from(stockMovements)
      .where(and(eq(stockMovements.referenceId, orderId), eq(stockMovements.type, 'RELEASE')));
    expect(releases).toHaveLength(1);
    await expectLedgerBalanced(world);
  }, 60_000);

  it('the sweep releases what is due, once, even when the job and the sweep race', async () => {
    const orderId = order();
    const r = value(await reserveStock(await service(), { orderId, lines: [{ skuId: skuA, quantity: 1 }], expiresAt: soon(60 * 60_000) }));
    const later = soon(2 * 60 * 60_000);
    const [, byJob, byRedelivery] = await Promise.all([
      sweepExpiredReservations(await service(), later),
      expireReservation(await service(), r.id, later),
      expireReservation(await service(), r.id, later),
    ]);
    expect(byJob && byRedelivery).toBe(false);
    const [row] = await db().select().from(reservations).where(eq(reservations.id, r.id));
    expect(row!.status).toBe('RELEASED');
    // One RESERVE and exactly one RELEASE, whoever won.
    expect(await movementCount(orderId)).toBe(2);
    await expectLedgerBalanced(world);
  });
});

describe('StockBelowThreshold', () => {
  it('is published in the transaction where available falls under safety stock, once per crossing', async () => {
    value(await configureStockLevel(await world.as(ADMIN), { warehouseId: near, skuId: skuC, safetyStock: 3 }));
    await world.stockIn(near, skuC, 5);
    const signals = async () =>
      (await db().select().from(outbox).where(eq(outbox.topic, 'StockBelowThreshold'))).filter((r) => (r.payload as { skuId: string }).skuId === skuC);
    value(await reserveStock(await service(), { orderId: order(), lines: [{ skuId: skuC, quantity: 2 }], expiresAt: soon() }));
    expect(await signals()).toHaveLength(0);
    value(await reserveStock(await service(), { orderId: order(), lines: [{ skuId: skuC, quantity: 1 }], expiresAt: soon() }));
    value(await reserveStock(await service(), { orderId: order(), lines: [{ skuId: skuC, quantity: 1 }], expiresAt: soon() }));
    const sent = await signals();
    expect(sent.map((s) => s.payload)).toEqual([
      expect.objectContaining({ skuId: skuC, warehouseId: near, shopId: world.shopA, onHand: 5, available: 2, safetyStock: 3 }),
    ]);
  });
});
