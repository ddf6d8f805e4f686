import { beforeAll, describe, expect, it } from 'vitest';
import { useTestWorld } from '@zhongtai/kit/testing';
import { and, count, eq } from 'drizzle-orm';
import { outbox, stockLevels, stockMovements } from '../src/db/tables.ts';
import { inboundReceiptLines, inboundReceipts, outboundOrders, stocktakes } from '../src/db/wmsTables.ts';
import { createInboundReceipt, inboundLinesOf } from '../src/domain/inbound.ts';
import { putAwayInbound, receiveInbound } from '../src/domain/inboundReceive.ts';
import { createOutboundOrder } from '../src/domain/outbound.ts';
import { packOutbound, pickOutbound, shipOutbound } from '../src/domain/outboundShip.ts';
import { commitReservation, releaseReservation } from '../src/domain/reservationStatus.ts';
import { allocationsOf, reserveStock } from '../src/domain/reservations.ts';
import { approveStocktake, recordStocktakeCounts } from '../src/domain/stocktakeApproval.ts';
import { createStocktake, stocktakeLinesOf, variance } from '../src/domain/stocktakes.ts';
import { ADMIN, errorsOf, expectLedgerBalanced, openWorld, SERVICE, value } from './fixtures.ts';

const world = useTestWorld(openWorld);
let sku1: string, sku2: string, otherShopSku: string;
let wh: string;
beforeAll(async () => {
  [sku1, sku2] = (await world.skus(world.shopA, 2)) as [string, string];
  [otherShopSku] = (await world.skus(world.shopB, 1)) as [string];
  wh = await world.warehouse(world.shopA, 10);
}, 120_000);

const db = () => world.host.database.forCenter('inventory');
const admin = () => world.as(ADMIN);
const rows = async (table: typeof inboundReceipts | typeof stockMovements | typeof outboundOrders | typeof stocktakes) =>
  (await db().select({ n: count() }).from(table))[0]!.n;
const level = async (skuId: string) =>
  (
    await db()
      .select()
      .from(stockLevels)
      .where(and(eq(stockLevels.skuId, skuId), eq(stockLevels.warehouseId, wh)))
  )[0];

describe('inbound', () => {
  it('receives good and damaged units, refuses over-receipt, puts away only good units', async () => {
    const receipt = value(
      await createInboundReceipt(await admin(), {
        warehouseId: wh,
        source: 'PURCHASE_ORDER',
        sourceReference: 'PO-1',
        lines: [
          { skuId: sku1, expectedQuantity: 10 },
          { skuId: sku2, expectedQuantity: 5 },
        ],
      }),
    );
    value(
      await receiveInbound(await admin(), {
        id: receipt.id,
        lines: [
          { skuId: sku1, quantity: 8, quality: 'GOOD' },
          { skuId: sku1, quantity: 1, quality: 'DAMAGED' },
          { skuId: sku2, quantity: 5, quality: 'GOOD' },
        ],
      }),
    );
    const over = await receiveInbound(await admin(), { id: receipt.id, lines: [{ skuId: sku1, quantity: 2, quality: 'GOOD' }] });
    expect(errorsOf(over)).toEqual([{ field: ['input', 'lines', '0', 'quantity'], code: 'OUT_OF_RANGE' }]);
    const lines = await db().select().from(inboundReceiptLines).where(eq(inboundReceiptLines.receiptId, receipt.id));
    expect(lines.find((l) => l.skuId === sku1)).toMatchObject({ receivedGood: 8, receivedDamaged: 1 });
    value(await putAwayInbound(await admin(), { id: receipt.id }));
    expect(await level(sku1)).toMatchObject({ onHand: 8, reserved: 0 });
    expect(await level(sku2)).toMatchObject({ onHand: 5 });
    expect(errorsOf(await putAwayInbound(await admin(), { id: receipt.id }))).toEqual([{ field: ['input', 'id'], code: 'INVALID_TRANSITION' }]);
    expect((await level(sku1))!.onHand).toBe(8);
    expect((await inboundLinesOf(await admin(), receipt.id)).map((l) => l.putAwayQuantity).sort()).toEqual([5, 8]);
    await expectLedgerBalanced(world);
  });

  it('accepts more than expected when the receipt allows over-receipt', async () => {
    const receipt = value(
      await createInboundReceipt(await admin(), { warehouseId: wh, source: 'RETURN', allowOverReceipt: true, lines: [{ skuId: sku2, expectedQuantity: 1 }] }),
    );
    value(await receiveInbound(await admin(), { id: receipt.id, lines: [{ skuId: sku2, quantity: 3, quality: 'GOOD' }] }));
    value(await putAwayInbound(await admin(), { id: receipt.id }));
    expect((await level(sku2))!.onHand).toBe(8);
    await expectLedgerBalanced(world);
  });

  it('refuses bad receipts with field paths and writes nothing', async () => {
    const before = [await rows(inboundReceipts), await rows(stockMovements)];
    const bad = await createInboundReceipt(await admin(), {
      warehouseId: 'wh_01HK153X00000000000000ZZZZ',
      source: 'MANUAL',
      lines: [
        { skuId: sku1, expectedQuantity: -3 },
        { skuId: 'sku_01HK153X00000000000000ZZZZ', expectedQuantity: 1 },
      ],
    });
    expect(errorsOf(bad)).toEqual(
      expect.arrayContaining([
        { field: ['input', 'warehouseId'], code: 'NOT_FOUND' },
        { field: ['input', 'lines', '0', 'expectedQuantity'], code: 'NEGATIVE' },
        { field: ['input', 'lines', '1', 'skuId'], code: 'NOT_FOUND' },
      ]),
    );
    const foreign = await createInboundReceipt(await admin(), { warehouseId: wh, source: 'MANUAL', lines: [{ skuId: otherShopSku, expectedQuantity: 1 }] });
    expect(errorsOf(foreign)).toEqual([{ field: ['input', 'lines', '0', 'skuId'], code: 'INVALID' }]);
    const receipt = value(await createInboundReceipt(await admin(), { warehouseId: wh, source: 'MANUAL', lines: [{ skuId: sku1, expectedQuantity: 1 }] }));
    const negative = await receiveInbound(await admin(), {
      id: receipt.id,
      lines: [
        { skuId: sku1, quantity: -1, quality: 'GOOD' },
        { skuId: sku2, quantity: 1, quality: 'GOOD' },
      ],
    });
    expect(errorsOf(negative)).toEqual([{ field: ['input', 'lines', '0', 'quantity'], code: 'NEGATIVE' }]);
    const notOnReceipt = await receiveInbound(await admin(), {
      id: receipt.id,
      lines: [
        { skuId: sku1, quantity: 1, quality: 'GOOD' },
        { skuId: sku2, quantity: 1, quality: 'GOOD' },
      ],
    });
    expect(errorsOf(notOnReceipt)).toEqual([{ field: ['input', 'lines', '1', 'skuId'], code: 'NOT_FOUND' }]);
    const [line] = await db().select().from(inboundReceiptLines).where(eq(inboundReceiptLines.receiptId, receipt.id));
    expect(line).toMatchObject({ receivedGood: 0, receivedDamaged: 0 });
    expect([await rows(inboundReceipts), await rows(stockMovements)]).toEqual([before[0]! + 1, before[1]]);
  });
});

describe('outbound', () => {
  it('pick, pack, ship consumes the reservation, reduces on hand and publishes OutboundShipped', async () => {
    const orderId = `ord-ship-${Date.now()}`;
    const service = await world.as(SERVICE);
    const reservation = value(
      await reserveStock(service, {
        orderId,
        lines: [
          { skuId: sku1, quantity: 3 },
          { skuId: sku2, quantity: 2 },
        ],
        expiresAt: new Date(Date.now() + 60_000),
      }),
    );
    const notPaid = await createOutboundOrder(service, { shippingNoticeId: `sn-${orderId}`, orderId, warehouseId: wh, lines: [{ skuId: sku1, quantity: 3 }] });
    expect(errorsOf(notPaid)).toEqual([{ field: ['input', 'orderId'], code: 'INVALID_TRANSITION' }]);
    value(await commitReservation(service, { orderId }));
    const tooMany = await createOutboundOrder(service, { shippingNoticeId: `sn-${orderId}`, orderId, warehouseId: wh, lines: [{ skuId: sku1, quantity: 4 }] });
    expect(errorsOf(tooMany)).toEqual([{ field: ['input', 'lines', '0', 'quantity'], code: 'OUT_OF_RANGE' }]);
    const input = {
      shippingNoticeId: `sn-${orderId}`,
      orderId,
      warehouseId: wh,
      lines: [
        { skuId: sku1, quantity: 3 },
        { skuId: sku2, quantity: 2 },
      ],
    };
    const outbound = value(await createOutboundOrder(service, input));
    expect(value(await createOutboundOrder(service, input)).id).toBe(outbound.id);

    const before1 = (await level(sku1))!;
    expect(errorsOf(await shipOutbound(await admin(), { id: outbound.id, carrierCode: 'SF', trackingNumber: 'SF1' }))).toEqual([
      { field: ['input', 'id'], code: 'INVALID_TRANSITION' },
    ]);
    value(await pickOutbound(await admin(), { id: outbound.id }));
    value(await packOutbound(await admin(), { id: outbound.id }));
    const shipped = value(await shipOutbound(await admin(), { id: outbound.id, carrierCode: 'SF', trackingNumber: 'SF1234567890' }));
    expect(shipped).toMatchObject({ status: 'SHIPPED', carrierCode: 'SF', trackingNumber: 'SF1234567890' });
    expect(await level(sku1)).toMatchObject({ onHand: before1.onHand - 3, reserved: before1.reserved - 3 });
    expect((await allocationsOf(await admin(), reservation.id)).map((a) => a.shippedQuantity)).toEqual([3, 2]);
    expect(errorsOf(await shipOutbound(await admin(), { id: outbound.id, carrierCode: 'SF', trackingNumber: 'SF1' }))).toEqual([
      { field: ['input', 'id'], code: 'INVALID_TRANSITION' },
    ]);

    const [event] = (await db().select().from(outbox).where(eq(outbox.topic, 'OutboundShipped'))).filter(
      (e) => (e.payload as { orderId: string }).orderId === orderId,
    );
    expect(event!.payload).toEqual({
      outboundOrderId: outbound.id,
      shippingNoticeId: `sn-${orderId}`,
      orderId,
      warehouseId: wh,
      carrierCode: 'SF',
      trackingNumber: 'SF1234567890',
      lines: [
        { skuId: sku1, quantity: 3 },
        { skuId: sku2, quantity: 2 },
      ].sort((a, b) => (a.skuId < b.skuId ? -1 : 1)),
    });
    // Releasing a fully shipped order gives nothing back: the units left the warehouse.
    const after = (await level(sku1))!;
    value(await releaseReservation(service, { orderId, reason: 'late cancel' }));
    expect(await level(sku1)).toMatchObject({ onHand: after.onHand, reserved: after.reserved });
    await expectLedgerBalanced(world);
  });
});

describe('stocktake', () => {
  it('counts, shows variances, and approval posts ADJUST movements once', async () => {
    const sheet = value(await createStocktake(await admin(), { warehouseId: wh, skuIds: [sku1, sku2] }));
    const lines = await stocktakeLinesOf(await admin(), sheet.id);
    const book = new Map(lines.map((l) => [l.skuId, l.bookQuantity]));
    expect(errorsOf(await approveStocktake(await admin(), { id: sheet.id }))).toEqual([{ field: ['input', 'id'], code: 'REQUIRED' }]);
    const bad = await recordStocktakeCounts(await admin(), { id: sheet.id, counts: [{ skuId: sku1, countedQuantity: -2 }] });
    expect(errorsOf(bad)).toEqual([{ field: ['input', 'counts', '0', 'countedQuantity'], code: 'NEGATIVE' }]);
    value(
      await recordStocktakeCounts(await admin(), {
        id: sheet.id,
        counts: [
          { skuId: sku1, countedQuantity: book.get(sku1)! - 1 },
          { skuId: sku2, countedQuantity: book.get(sku2)! + 2 },
        ],
      }),
    );
    const counted = await stocktakeLinesOf(await world.as(ADMIN), sheet.id);
    expect(Object.fromEntries(counted.map((l) => [l.skuId, variance(l)]))).toEqual({ [sku1]: -1, [sku2]: 2 });
    value(await approveStocktake(await admin(), { id: sheet.id }));
    expect((await level(sku1))!.onHand).toBe(book.get(sku1)! - 1);
    expect((await level(sku2))!.onHand).toBe(book.get(sku2)! + 2);
    const adjustments = await db()
      .select()
      .from(stockMovements)
      .where(and(eq(stockMovements.referenceId, sheet.id), eq(stockMovements.type, 'ADJUST')));
    expect(adjustments.map((m) => m.onHandDelta).sort()).toEqual([-1, 2]);
    expect(errorsOf(await approveStocktake(await admin(), { id: sheet.id }))).toEqual([{ field: ['input', 'id'], code: 'INVALID_TRANSITION' }]);
    await expectLedgerBalanced(world);
  });

  it('refuses an adjustment that would leave less on hand than is reserved, writing nothing', async () => {
    const orderId = `ord-st-${Date.now()}`;
    value(await reserveStock(await world.as(SERVICE), { orderId, lines: [{ skuId: sku2, quantity: 2 }], expiresAt: new Date(Date.now() + 60_000) }));
    const sheet = value(await createStocktake(await admin(), { warehouseId: wh, skuIds: [sku2] }));
    value(await recordStocktakeCounts(await admin(), { id: sheet.id, counts: [{ skuId: sku2, countedQuantity: 1 }] }));
    const movements = await rows(stockMovements);
    expect(errorsOf(await approveStocktake(await admin(), { id: sheet.id }))).toEqual([{ field: ['input', 'id'], code: 'OUT_OF_RANGE' }]);
    expect(await rows(stockMovements)).toBe(movements);
    const unknown = await createStocktake(await admin(), { warehouseId: wh, skuIds: ['sku_01HK153X00000000000000ZZZZ'] });
    expect(errorsOf(unknown)).toEqual([{ field: ['input', 'skuIds', '0'], code: 'NOT_FOUND' }]);
    await expectLedgerBalanced(world);
  });
});
