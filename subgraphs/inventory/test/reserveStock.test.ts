import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TokenInput } from '@zhongtai/kit';
import { useTestWorld } from '@zhongtai/kit/testing';
import { outbox, reservationAllocations, reservations, stockLevels, stockMovements } from '../src/db/tables.ts';
import { allocationsOf, MAX_RESERVATION_LINES, reserveStock } from '../src/domain/reservations.ts';
import { openWorld, SERVICE, value } from './fixtures.ts';

/**
 * reserveStock's rules on an injected clock (`ctx.now()`): the expiry bound to the millisecond,
 * the input limits and each refusal's message, which warehouse serves a line (priority, then id;
 * exactly the units available), what a reservation records (allocations by input line, its
 * expiry job) and ten calls for one order at once. The world runs without the event relay (no
 * job runs by itself), so it starts faster: Stryker runs this file once per mutant.
 */
const world = useTestWorld(() => openWorld({ events: false }));
const NOW = new Date('2031-09-01T02:00:00.000Z');
const at = (ms: number) => new Date(ms);
const as = async (token: TokenInput, now = NOW) => ({ ...(await world.as(token)), now: () => now });
const db = () => world.host.database.forCenter('inventory');
const later = at(NOW.getTime() + 30 * 60_000);
let orders = 0;
const order = () => `ord-reserve-${++orders}`;
const refused = (field: string[], code: string, message: string) => ({ ok: false, errors: [{ field, code, message }] });

let skuA: string, skuB: string, skuC: string, skuD: string;
let first: string, second: string, tiedLow: string, tiedHigh: string;
beforeAll(async () => {
  // Sorted, so that "SKU order" is known: lines given in another order must keep their own index.
  [skuA, skuB, skuC, skuD] = (await world.skus(world.shopA, 4)).sort() as [string, string, string, string];
  first = await world.warehouse(null, 10);
  second = await world.warehouse(null, 20);
  // Two warehouses of one priority: the lower id serves first.
  [tiedLow, tiedHigh] = [await world.warehouse(null, 30), await world.warehouse(null, 30)].sort() as [string, string];
  await world.stockIn(first, skuA, 5);
  await world.stockIn(second, skuA, 20);
  await world.stockIn(second, skuB, 4);
  await world.stockIn(tiedHigh, skuC, 6);
  await world.stockIn(tiedLow, skuC, 6);
  await world.stockIn(second, skuD, 50);
}, 180_000);

const reservedAt = async (skuId: string, warehouseId: string) =>
  (
    await db()
      .select()
      .from(stockLevels)
      .where(and(eq(stockLevels.skuId, skuId), eq(stockLevels.warehouseId, warehouseId)))
  )[0]!.reserved;
const allocations = async (reservationId: string) =>
  db().select().from(reservationAllocations).where(eq(reservationAllocations.reservationId, reservationId)).orderBy(asc(reservationAllocations.lineIndex));
const movementsOf = async (orderId: string) => db().select().from(stockMovements).where(eq(stockMovements.referenceId, orderId));

describe('a reservation expires strictly after now', () => {
  // Guards against a reservation that has expired as it is made (expiresAt = now) being taken,
  // a later one refused, and a date that does not parse slipping through to the database.
  it('refuses now and a date that does not parse; takes now + 1 ms, given as a Date or as text', async () => {
    const line = [{ skuId: skuD, quantity: 1 }];
    const message = 'A reservation expires in the future';
    expect(await reserveStock(await as(SERVICE), { orderId: order(), lines: line, expiresAt: NOW })).toEqual(
      refused(['input', 'expiresAt'], 'INVALID', message),
    );
    expect(await reserveStock(await as(SERVICE), { orderId: order(), lines: line, expiresAt: 'soon' })).toEqual(
      refused(['input', 'expiresAt'], 'INVALID', message),
    );
    const soonest = at(NOW.getTime() + 1);
    const asDate = value(await reserveStock(await as(SERVICE), { orderId: order(), lines: line, expiresAt: soonest }));
    const asText = value(await reserveStock(await as(SERVICE), { orderId: order(), lines: line, expiresAt: soonest.toISOString() }));
    expect([asDate.expiresAt, asText.expiresAt]).toEqual([soonest, soonest]);
  });
});

describe('what a request may ask', () => {
  // Guards against an order with no line (it would reserve nothing yet look reserved), more than
  // 100 lines, a blank order id, and one SKU on two lines (two row locks of one SKU: deadlocks).
  it('refuses no line, 101 lines, a blank order id and a repeated SKU, each with its message', async () => {
    const reservationsBefore = (await db().select().from(reservations)).length;
    expect(await reserveStock(await as(SERVICE), { orderId: ' ', lines: [], expiresAt: later })).toEqual({
      ok: false,
      errors: [
        { field: ['input', 'orderId'], code: 'REQUIRED', message: 'Order id is required' },
        { field: ['input', 'lines'], code: 'REQUIRED', message: 'Reserve at least one line' },
      ],
    });
    const many = (n: number) => Array.from({ length: n }, () => ({ skuId: skuD, quantity: 1 }));
    const tooMany = await reserveStock(await as(SERVICE), { orderId: order(), lines: many(MAX_RESERVATION_LINES + 1), expiresAt: later });
    const lineErrors = (result: typeof tooMany) => (result.ok ? [] : result.errors.filter((e) => e.field?.length === 2));
    expect(lineErrors(tooMany)).toEqual([{ field: ['input', 'lines'], code: 'TOO_MANY', message: 'At most 100 lines' }]);
    expect(lineErrors(await reserveStock(await as(SERVICE), { orderId: order(), lines: many(MAX_RESERVATION_LINES), expiresAt: later }))).toEqual([]);
    expect(
      await reserveStock(await as(SERVICE), {
        orderId: order(),
        lines: [
          { skuId: skuD, quantity: 1 },
          { skuId: skuA, quantity: 1 },
          { skuId: skuD, quantity: 2 },
        ],
        expiresAt: later,
      }),
    ).toEqual(refused(['input', 'lines', '2', 'skuId'], 'DUPLICATE', 'Each SKU once per reservation; add the quantities'));
    expect(await reserveStock(await as(SERVICE), { orderId: 'x'.repeat(101), lines: [{ skuId: skuD, quantity: 1 }], expiresAt: later })).toEqual(
      refused(['input', 'orderId'], 'TOO_LONG', 'Order id is at most 100 characters'),
    );
    expect(await db().select().from(reservations)).toHaveLength(reservationsBefore);
  });

  // Guards against a bad quantity or an unknown SKU reported under another field, and against an
  // unknown SKU going on to the warehouses (it would be answered OUT_OF_STOCK).
  it('refuses a quantity under 1 and an unknown SKU under their lines', async () => {
    expect(await reserveStock(await as(SERVICE), { orderId: order(), lines: [{ skuId: skuD, quantity: 0 }], expiresAt: later })).toEqual(
      refused(['input', 'lines', '0', 'quantity'], 'OUT_OF_RANGE', 'Quantity must be at least 1'),
    );
    const unknown = `${skuD.slice(0, -1)}${skuD.endsWith('Q') ? 'R' : 'Q'}`;
    expect(
      await reserveStock(await as(SERVICE), {
        orderId: order(),
        lines: [
          { skuId: skuD, quantity: 1 },
          { skuId: unknown, quantity: 1 },
        ],
        expiresAt: later,
      }),
    ).toEqual(refused(['input', 'lines', '1', 'skuId'], 'NOT_FOUND', `No SKU ${unknown}`));
  });
});

describe('which warehouse serves a line', () => {
  // Guards against a line refused when a warehouse has exactly its units available, or served by
  // a lower-priority warehouse while a better one could.
  it('the first by priority that has exactly the units takes the whole line', async () => {
    const orderId = order();
    const reservation = value(await reserveStock(await as(SERVICE), { orderId, lines: [{ skuId: skuA, quantity: 5 }], expiresAt: later }));
    expect((await allocations(reservation.id)).map((a) => [a.warehouseId, a.quantity])).toEqual([[first, 5]]);
    expect([await reservedAt(skuA, first), await reservedAt(skuA, second)]).toEqual([5, 0]);
    // The first is now empty: the next line comes whole from the second.
    const next = value(await reserveStock(await as(SERVICE), { orderId: order(), lines: [{ skuId: skuA, quantity: 1 }], expiresAt: later }));
    expect((await allocations(next.id)).map((a) => [a.warehouseId, a.quantity])).toEqual([[second, 1]]);
  });

  // Guards against a tie of priorities broken some other way than by warehouse id (two runs could
  // then pick different warehouses for the same order).
  it('between warehouses of one priority, the lower id serves first', async () => {
    const reservation = value(await reserveStock(await as(SERVICE), { orderId: order(), lines: [{ skuId: skuC, quantity: 6 }], expiresAt: later }));
    expect((await allocations(reservation.id)).map((a) => a.warehouseId)).toEqual([tiedLow]);
    expect([await reservedAt(skuC, tiedLow), await reservedAt(skuC, tiedHigh)]).toEqual([6, 0]);
  });

  // Guards against the refusal naming the line by its place in SKU order instead of the request's,
  // or another SKU's stock being taken for it.
  it('a line no one warehouse can serve is refused by its own index and message; nothing is held', async () => {
    const orderId = order();
    const result = await reserveStock(await as(SERVICE), {
      orderId,
      lines: [
        { skuId: skuD, quantity: 1 },
        { skuId: skuB, quantity: 5 },
      ],
      expiresAt: later,
    });
    expect(result).toEqual(refused(['input', 'lines', '1', 'quantity'], 'OUT_OF_STOCK', `Not enough stock of ${skuB} in any one warehouse`));
    expect([await reservedAt(skuB, second), await movementsOf(orderId)]).toEqual([0, []]);
  });
});

describe('what a reservation records', () => {
  // Guards against allocations recorded under the SKU-sorted index instead of the request's line,
  // or with the wrong SKU, warehouse, stock level or quantity, and against an expiry job that is
  // missing, keyed so that two reservations share one job, or due at another time.
  it('one allocation per request line, and one expiry job at expiresAt keyed by the reservation', async () => {
    const orderId = order();
    const expiresAt = at(NOW.getTime() + 15 * 60_000);
    const reservation = value(
      await reserveStock(await as(SERVICE), {
        orderId,
        lines: [
          { skuId: skuD, quantity: 3 },
          { skuId: skuB, quantity: 4 },
        ],
        expiresAt,
      }),
    );
    expect([reservation.orderId, reservation.status, reservation.expiresAt]).toEqual([orderId, 'ACTIVE', expiresAt]);
    const level = async (skuId: string) =>
      (
        await db()
          .select()
          .from(stockLevels)
          .where(and(eq(stockLevels.skuId, skuId), eq(stockLevels.warehouseId, second)))
      )[0]!.id;
    expect((await allocations(reservation.id)).map((a) => [a.lineIndex, a.skuId, a.warehouseId, a.stockLevelId, a.quantity])).toEqual([
      [0, skuD, second, await level(skuD), 3],
      [1, skuB, second, await level(skuB), 4],
    ]);
    expect((await movementsOf(orderId)).map((m) => [m.type, m.skuId, m.reservedDelta]).sort()).toEqual([
      ['RESERVE', skuB, 4],
      ['RESERVE', skuD, 3],
    ]);
    const jobs = await db()
      .select()
      .from(outbox)
      .where(and(eq(outbox.kind, 'job'), eq(outbox.topic, 'expireReservation'), eq(outbox.singletonKey, `reservation:${reservation.id}`)));
    expect(jobs.map((j) => [j.payload, j.startAfter])).toEqual([[{ reservationId: reservation.id }, expiresAt]]);
    // As the GraphQL field reads them: by request line.
    expect((await allocationsOf(await as(SERVICE), reservation.id)).map((a) => [a.lineIndex, a.skuId])).toEqual([
      [0, skuD],
      [1, skuB],
    ]);
    // A repeat answers with the first reservation before anything else is checked, even a line
    // that names no SKU (the order's lines are the first call's).
    const unknown = `${skuB.slice(0, -1)}${skuB.endsWith('Q') ? 'R' : 'Q'}`;
    expect(value(await reserveStock(await as(SERVICE), { orderId, lines: [{ skuId: unknown, quantity: 1 }], expiresAt })).id).toBe(reservation.id);
  });
});

describe('one order reserved by ten calls at once', () => {
  // Guards against the late calls, which find no reservation yet and then hit the unique key on
  // the order, holding stock a second time or failing instead of answering with the first.
  it('holds once and every call answers with the same reservation', async () => {
    const orderId = order();
    const before = await reservedAt(skuD, second);
    const contexts = await Promise.all(Array.from({ length: 10 }, () => as(SERVICE)));
    const results = await Promise.all(contexts.map((ctx) => reserveStock(ctx, { orderId, lines: [{ skuId: skuD, quantity: 2 }], expiresAt: later })));
    const ids = results.map((r) => value(r).id);
    expect(new Set(ids).size).toBe(1);
    expect([await reservedAt(skuD, second), (await movementsOf(orderId)).length]).toEqual([before + 2, 1]);
  });
});
