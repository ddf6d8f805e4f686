import { beforeAll, describe, expect, it } from 'vitest';
import { useTestWorld } from '@zhongtai/kit/testing';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { EventCatalog } from '@zhongtai/kit';
import { consignmentLots } from '../src/db/consignmentTables.ts';
import { outbox, stockLevels } from '../src/db/tables.ts';
import { createInboundReceipt } from '../src/domain/inbound.ts';
import { putAwayInbound, receiveInbound } from '../src/domain/inboundReceive.ts';
import { commitReservation, releaseReservation } from '../src/domain/reservationStatus.ts';
import { reserveStock } from '../src/domain/reservations.ts';
import { configureStockLevel } from '../src/domain/stockLevels.ts';
import { withdrawUnits } from '../src/domain/withdrawal.ts';
import { ADMIN, errorsOf, expectLedgerBalanced, openWorld, SERVICE, value } from './fixtures.ts';

/**
 * 代销 in inventory: which units a paid order takes (the stock level's sell-first, oldest lot
 * first), what is owed for them (ConsignedUnitsSold), and how units given back reverse it.
 */
const world = useTestWorld(openWorld);
const db = () => world.host.database.forCenter('inventory');
const admin = () => world.as(ADMIN);
const service = () => world.as(SERVICE);
const soon = () => new Date(Date.now() + 30 * 60_000);
let orderNo = 0;
const order = () => `ord-consign-${++orderNo}-${Date.now()}`;
const X = 'sup_01HK153X0000000000000CNSX1';
const Y = 'sup_01HK153X0000000000000CNSY2';

let shopA: string;
beforeAll(() => {
  shopA = world.shopA;
});

/** A SKU of shop A alone in a new warehouse, with `own` units of the shop's and then each consignment as its own lot. */
async function stocked(own: number, consignments: { consignor: string; quantity: number; price: bigint }[], sellFirst: 'OWN' | 'CONSIGNED') {
  const [skuId] = (await world.skus(shopA, 1)) as [string];
  const warehouseId = await world.warehouse(shopA, 1);
  if (own) await world.stockIn(warehouseId, skuId, own);
  for (const c of consignments) {
    const receipt = value(
      await createInboundReceipt(await admin(), {
        warehouseId,
        source: 'CONSIGNMENT',
        consignor: { id: c.consignor, shopId: shopA },
        lines: [{ skuId, expectedQuantity: c.quantity, agreedUnitPrice: { minor: c.price, currency: 'CNY' } }],
      }),
    );
    value(await receiveInbound(await admin(), { id: receipt.id, lines: [{ skuId, quantity: c.quantity, quality: 'GOOD' }] }));
    value(await putAwayInbound(await admin(), { id: receipt.id }));
  }
  value(await configureStockLevel(await admin(), { warehouseId, skuId, safetyStock: 0, sellFirst }));
  return { skuId, warehouseId };
}

async function paid(skuId: string, quantity: number) {
  const orderId = order();
  value(await reserveStock(await service(), { orderId, lines: [{ skuId, quantity }], expiresAt: soon() }));
  value(await commitReservation(await service(), { orderId }));
  return orderId;
}

const lots = async (skuId: string) =>
  (await db().select().from(consignmentLots).where(eq(consignmentLots.skuId, skuId)).orderBy(asc(consignmentLots.createdAt), asc(consignmentLots.id))).map(
    (l) => [l.consignorId, l.received, l.onHand],
  );

async function events<T extends 'ConsignedUnitsSold' | 'ConsignedUnitsReturned'>(topic: T, orderId: string): Promise<EventCatalog[T][]> {
  const rows = await db().select().from(outbox).where(eq(outbox.topic, topic)).orderBy(asc(outbox.createdAt), asc(outbox.id));
  return rows.map((r) => r.payload as EventCatalog[T]).filter((p) => p.orderId === orderId);
}
const sold = async (orderId: string) => (await events('ConsignedUnitsSold', orderId)).map((e) => [e.consignorId, e.quantity, e.unitPrice, e.amount]);
const returned = async (orderId: string) => (await events('ConsignedUnitsReturned', orderId)).map((e) => [e.consignorId, e.quantity, e.amount, e.reason]);

describe('consigned stock', () => {
  it('put-away makes one lot per consignment line; the lots sit inside the stock level', async () => {
    const { skuId, warehouseId } = await stocked(
      2,
      [
        { consignor: X, quantity: 3, price: 350n },
        { consignor: Y, quantity: 4, price: 200n },
      ],
      'OWN',
    );
    expect(await lots(skuId)).toEqual([
      [X, 3, 3],
      [Y, 4, 4],
    ]);
    const [level] = await db()
      .select()
      .from(stockLevels)
      .where(and(eq(stockLevels.skuId, skuId), eq(stockLevels.warehouseId, warehouseId)));
    expect(level).toMatchObject({ onHand: 9, sellFirst: 'OWN' });
    await expectLedgerBalanced(world);
  });

  it('OWN first: the shop’s unsold units go first, also net of units paid and not shipped yet; then the oldest lot', async () => {
    const { skuId } = await stocked(3, [{ consignor: X, quantity: 4, price: 350n }], 'OWN');
    const first = await paid(skuId, 2);
    expect(await sold(first)).toEqual([]);
    // 1 own unit left unsold (2 are sold, awaiting shipment): 1 own + 2 consigned.
    const second = await paid(skuId, 3);
    expect(await sold(second)).toEqual([[X, 2, '3.50', '7.00']]);
    expect(await lots(skuId)).toEqual([[X, 4, 2]]);
  });

  it('CONSIGNED first: the oldest lot first, across consignors, each lot its own sale at its own price', async () => {
    const { skuId } = await stocked(
      5,
      [
        { consignor: X, quantity: 2, price: 100n },
        { consignor: Y, quantity: 3, price: 200n },
      ],
      'CONSIGNED',
    );
    const orderId = await paid(skuId, 3);
    expect(await sold(orderId)).toEqual([
      [X, 2, '1.00', '2.00'],
      [Y, 1, '2.00', '2.00'],
    ]);
    expect(await lots(skuId)).toEqual([
      [X, 2, 0],
      [Y, 3, 2],
    ]);
    // Committing again (a retried payment) sells nothing more.
    value(await commitReservation(await service(), { orderId }));
    expect((await sold(orderId)).length).toBe(2);

    // The paid order is cancelled before shipping: the newest sale is given back first, then the rest.
    value(await releaseReservation(await service(), { orderId, reason: 'cancelled after payment' }));
    expect(await returned(orderId)).toEqual([
      [Y, 1, '2.00', 'RELEASED'],
      [X, 2, '2.00', 'RELEASED'],
    ]);
    expect(await lots(skuId)).toEqual([
      [X, 2, 2],
      [Y, 3, 3],
    ]);
    await expectLedgerBalanced(world);
  });

  it('units refunded before shipping are the consignor’s again, once per key; an unpaid order sells nothing', async () => {
    const { skuId } = await stocked(0, [{ consignor: X, quantity: 4, price: 350n }], 'OWN');
    const orderId = await paid(skuId, 3);
    expect(await sold(orderId)).toEqual([[X, 3, '3.50', '10.50']]);
    for (let i = 0; i < 2; i++) {
      value(await withdrawUnits(await service(), { key: `${orderId}/refund-1`, orderId, skuId, quantity: 1, reason: 'refunded' }));
    }
    expect(await returned(orderId)).toEqual([[X, 1, '3.50', 'WITHDRAWN']]);
    expect(await lots(skuId)).toEqual([[X, 4, 2]]);

    const unpaid = order();
    value(await reserveStock(await service(), { orderId: unpaid, lines: [{ skuId, quantity: 1 }], expiresAt: soon() }));
    value(await releaseReservation(await service(), { orderId: unpaid, reason: 'closed unpaid' }));
    expect([await sold(unpaid), await returned(unpaid)]).toEqual([[], []]);
    expect(await lots(skuId)).toEqual([[X, 4, 2]]);
    await expectLedgerBalanced(world);
  });

  it('a consignment receipt only through its own path: a plain CONSIGNMENT receipt, or a consignor of another shop, is refused', async () => {
    const [skuId] = (await world.skus(shopA, 1)) as [string];
    const warehouseId = await world.warehouse(shopA, 1);
    const line = { skuId, expectedQuantity: 1, agreedUnitPrice: { minor: 100n, currency: 'CNY' as const } };
    expect(errorsOf(await createInboundReceipt(await admin(), { warehouseId, source: 'CONSIGNMENT', lines: [line] }))).toEqual([
      { field: ['input', 'source'], code: 'INVALID' },
    ]);
    expect(
      errorsOf(await createInboundReceipt(await admin(), { warehouseId, source: 'CONSIGNMENT', consignor: { id: X, shopId: world.shopB }, lines: [line] })),
    ).toEqual([{ field: ['input', 'lines', '0', 'skuId'], code: 'INVALID' }]);
    const before = await db()
      .select()
      .from(consignmentLots)
      .where(inArray(consignmentLots.skuId, [skuId]));
    expect(before).toEqual([]);
  });
});
