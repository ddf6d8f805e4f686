import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoShopId } from '@zhongtai/kit';
import { mustOk, openTestWorld, TEST_ADMIN as ADMIN, testMerchant, type TestWorld } from '@zhongtai/kit/testing';
import { carrierBillLines, carrierBills } from '../src/db/carrierTables.ts';
import { shipments, type ShipmentRow } from '../src/db/shipmentTables.ts';
import type { CarrierRow } from '../src/db/tables.ts';
import { parseBillCsv, weightFarFrom } from '../src/domain/billCsv.ts';
import { importCarrierBill } from '../src/domain/carrierBills.ts';
import { createCarrier } from '../src/domain/carriers.ts';
import { freightShares } from '../src/domain/dispatch.ts';
import { packedWeight } from '../src/domain/packedWeight.ts';
import { fulfillmentCenter } from '../src/index.ts';
import { RUN, shipParcel } from './fixtures.ts';

const shopA = demoShopId(1);
const shopB = demoShopId(2);
let world: TestWorld;
let carrier: CarrierRow;

beforeAll(async () => {
  world = await openTestWorld({ centers: [fulfillmentCenter] });
  carrier = mustOk(await createCarrier(await world.as(ADMIN), { code: `ZTO${RUN}`, name: '中通快递' })).carrier;
});
afterAll(async () => {
  await world?.close().catch(() => {});
});

const db = () => world.host.database.forCenter('fulfillment');
const reload = async (id: string) => (await db().select().from(shipments).where(eq(shipments.id, id)))[0]!;
const linesOf = (billId: string) =>
  db()
    .select({
      lineNumber: carrierBillLines.lineNumber,
      waybill: carrierBillLines.waybill,
      status: carrierBillLines.status,
      shipmentId: carrierBillLines.shipmentId,
      weightMismatch: carrierBillLines.weightMismatch,
    })
    .from(carrierBillLines)
    .where(eq(carrierBillLines.billId, billId))
    .orderBy(carrierBillLines.lineNumber);

/** A parcel of `shopId` with freight charged and a known packed weight. */
async function parcel(shopId: string, freight: bigint, grams: number): Promise<ShipmentRow> {
  const row = await shipParcel(world, carrier, { shopId, freight });
  await db().update(shipments).set({ packedWeightGrams: grams }).where(eq(shipments.id, row.id));
  return reload(row.id);
}

const bill = (lines: string[]) => ['waybill,weight_grams,cost', ...lines].join('\n');

describe('carrier bill CSV', () => {
  it('reads waybill, grams and yuan with two decimals into minor units', () => {
    expect(parseBillCsv('\uFEFFwaybill,weight_grams,cost\r\nSF001,1200,12.50\r\nYT-9,1,0.07\r\n\r\n')).toEqual({
      ok: true,
      lines: [
        { lineNumber: 2, waybill: 'SF001', weightGrams: 1200, costAmount: 1250n },
        { lineNumber: 3, waybill: 'YT-9', weightGrams: 1, costAmount: 7n },
      ],
    });
  });

  it('is strict and names every bad line', () => {
    expect(
      parseBillCsv(bill(['SF001,1200,12.5', 'SF002,1.5kg,3.00', 'SF003,800', 'SF 004,800,1.00', 'SF005,0,1.00', 'SF006,900,-1.00', 'SF007,900,"1.00"'])),
    ).toEqual({
      ok: false,
      errors: [
        { lineNumber: 2, message: 'Cost "12.5" is not an amount in yuan with two decimals, e.g. 12.50' },
        { lineNumber: 3, message: 'Weight "1.5kg" is not a whole number of grams from 1 to 1000000' },
        { lineNumber: 4, message: 'Expected 3 fields (waybill, weight in grams, cost in yuan), found 2' },
        { lineNumber: 5, message: 'Waybill "SF 004" is not 1 to 64 letters, digits or -' },
        { lineNumber: 6, message: 'Weight "0" is not a whole number of grams from 1 to 1000000' },
        { lineNumber: 7, message: 'Cost "-1.00" is not an amount in yuan with two decimals, e.g. 12.50' },
        { lineNumber: 8, message: 'Cost ""1.00"" is not an amount in yuan with two decimals, e.g. 12.50' },
      ],
    });
    expect(parseBillCsv('waybill,cost\nSF1,1.00')).toEqual({
      ok: false,
      errors: [{ lineNumber: 1, message: 'The first line must be the header waybill,weight_grams,cost' }],
    });
    expect(parseBillCsv('waybill,weight_grams,cost\n')).toEqual({ ok: false, errors: [{ lineNumber: 1, message: 'The bill has no lines' }] });
  });

  it('flags a weight only when off by more than both the grams and the percentage', () => {
    const tolerance = { percent: 20, grams: 500 };
    expect([
      weightFarFrom(1500, 1000, tolerance),
      weightFarFrom(1501, 1000, tolerance),
      weightFarFrom(5500, 5000, tolerance),
      weightFarFrom(6001, 5000, tolerance),
    ]).toEqual([false, true, false, true]);
    expect(weightFarFrom(200, 1000, tolerance)).toBe(true);
  });

  it('weighs a parcel from its SKUs, and splits an order’s freight over its notices by units', () => {
    expect(
      packedWeight(
        [
          { skuId: 'a', quantity: 2 },
          { skuId: 'b', quantity: 1 },
        ],
        new Map([
          ['a', 300],
          ['b', 1000],
        ]),
      ),
    ).toBe(1600);
    expect(packedWeight([{ skuId: 'c', quantity: 1 }], new Map([['a', 300]]))).toBeNull();
    const line = (quantity: number) => ({ orderLineId: 'l', skuId: 's', quantity, productType: 'PHYSICAL' as const, source: { kind: 'NONE' as const } });
    const money = { currencyCode: 'CNY', payable: '0', freight: '10.00', deposit: '0', lines: [] };
    expect(freightShares(money, [{ lines: [line(2)] }, { lines: [line(1)] }])).toEqual([
      { amount: 667n, currencyCode: 'CNY' },
      { amount: 333n, currencyCode: 'CNY' },
    ]);
  });
});

describe('importing a carrier bill (真实物流成本)', () => {
  it('matches a bill with one unknown waybill and one overweight line and flags exactly those', async () => {
    const normal = await parcel(shopA, 1200n, 1000);
    const heavy = await parcel(shopA, 800n, 1000);
    const result = await importCarrierBill(await world.as(ADMIN), {
      carrierCode: carrier.code,
      billNumber: `BILL-${RUN}-1`,
      csv: bill([`${normal.trackingNumber},1100,10.00`, `NOSUCH${RUN},500,5.00`, `${heavy.trackingNumber},3000,15.00`]),
    });
    const imported = mustOk(result);
    expect(imported).toMatchObject({ shopId: null, lineCount: 3, totalCostAmount: 3000n, currencyCode: 'CNY' });
    expect(await linesOf(imported.id)).toEqual([
      { lineNumber: 2, waybill: normal.trackingNumber, status: 'MATCHED', shipmentId: normal.id, weightMismatch: false },
      { lineNumber: 3, waybill: `NOSUCH${RUN}`, status: 'UNKNOWN_WAYBILL', shipmentId: null, weightMismatch: false },
      { lineNumber: 4, waybill: heavy.trackingNumber, status: 'MATCHED', shipmentId: heavy.id, weightMismatch: true },
    ]);
    expect(await reload(normal.id)).toMatchObject({ realCostAmount: 1000n, billedWeightGrams: 1100, freightMarginAmount: 200n });
    expect(await reload(heavy.id)).toMatchObject({ realCostAmount: 1500n, billedWeightGrams: 3000, freightMarginAmount: -700n });

    // The same bill again: the same bill, nothing added or counted twice.
    const again = mustOk(
      await importCarrierBill(await world.as(ADMIN), {
        carrierCode: carrier.code,
        billNumber: `BILL-${RUN}-1`,
        csv: bill([`${normal.trackingNumber},1100,10.00`, `NOSUCH${RUN},500,5.00`, `${heavy.trackingNumber},3000,15.00`]),
      }),
    );
    expect(again.id).toBe(imported.id);
    expect(await linesOf(imported.id)).toHaveLength(3);
    // The same number with other lines is refused, not merged.
    const changed = await importCarrierBill(await world.as(ADMIN), {
      carrierCode: carrier.code,
      billNumber: `BILL-${RUN}-1`,
      csv: bill([`${normal.trackingNumber},1100,9.00`]),
    });
    expect(changed).toEqual({
      ok: false,
      errors: [{ field: ['input', 'billNumber'], code: 'TAKEN', message: 'This bill number was imported with other lines' }],
    });

    // Another bill naming an already costed parcel: DUPLICATE, the first cost stands.
    const later = mustOk(
      await importCarrierBill(await world.as(ADMIN), {
        carrierCode: carrier.code,
        billNumber: `BILL-${RUN}-2`,
        csv: bill([`${normal.trackingNumber},1100,99.00`]),
      }),
    );
    expect((await linesOf(later.id)).map((l) => l.status)).toEqual(['DUPLICATE']);
    expect((await reload(normal.id)).realCostAmount).toBe(1000n);
  });

  it('counts a waybill once within one bill', async () => {
    const p = await parcel(shopA, 1000n, 800);
    const imported = mustOk(
      await importCarrierBill(await world.as(ADMIN), {
        carrierCode: carrier.code,
        billNumber: `BILL-${RUN}-3`,
        csv: bill([`${p.trackingNumber},800,6.00`, `${p.trackingNumber},800,6.00`]),
      }),
    );
    expect((await linesOf(imported.id)).map((l) => l.status)).toEqual(['MATCHED', 'DUPLICATE']);
    expect((await reload(p.id)).realCostAmount).toBe(600n);
  });

  it('a malformed bill is refused line by line and writes nothing', async () => {
    const p = await parcel(shopA, 1000n, 800);
    const result = await importCarrierBill(await world.as(ADMIN), {
      carrierCode: carrier.code,
      billNumber: `BILL-${RUN}-4`,
      csv: bill([`${p.trackingNumber},800,6.00`, 'SF1,800,6', 'SF2,heavy,6.00']),
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: ['input', 'csv', '3'], code: 'INVALID', message: 'Line 3: Cost "6" is not an amount in yuan with two decimals, e.g. 12.50' },
        { field: ['input', 'csv', '4'], code: 'INVALID', message: 'Line 4: Weight "heavy" is not a whole number of grams from 1 to 1000000' },
      ],
    });
    expect(
      await db()
        .select()
        .from(carrierBills)
        .where(eq(carrierBills.billNumber, `BILL-${RUN}-4`)),
    ).toEqual([]);
    expect((await reload(p.id)).realCostAmount).toBeNull();
  });

  it('a merchant’s bill reaches only its own shop’s parcels; naming another shop is forbidden', async () => {
    const own = await parcel(shopB, 1000n, 800);
    const foreign = await parcel(shopA, 1000n, 800);
    const merchantB = await world.as(testMerchant(shopB));
    const imported = mustOk(
      await importCarrierBill(merchantB, {
        carrierCode: carrier.code,
        billNumber: `BILL-${RUN}-5`,
        csv: bill([`${own.trackingNumber},800,7.00`, `${foreign.trackingNumber},800,1.00`]),
      }),
    );
    expect(imported.shopId).toBe(shopB);
    expect((await linesOf(imported.id)).map((l) => [l.status, l.shipmentId])).toEqual([
      ['MATCHED', own.id],
      ['UNKNOWN_WAYBILL', null],
    ]);
    const [a, b] = await Promise.all([reload(foreign.id), reload(own.id)]);
    expect([a.realCostAmount, b.realCostAmount]).toEqual([null, 700n]);
    await expect(
      importCarrierBill(await world.as(testMerchant(shopB)), {
        carrierCode: carrier.code,
        billNumber: `BILL-${RUN}-6`,
        shopId: shopA,
        csv: bill([`${foreign.trackingNumber},800,1.00`]),
      }),
    ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(
      (
        await db()
          .select()
          .from(shipments)
          .where(inArray(shipments.id, [foreign.id]))
      )[0]?.realCostAmount,
    ).toBeNull();
  });
});

describe.runIf(process.env.DATABASE_URL)('carrier bills under concurrency (PostgreSQL)', () => {
  it('eight bills naming the same 30 parcels at once cost each parcel once: 30 MATCHED lines in all, the rest DUPLICATE', async () => {
    const parcels: ShipmentRow[] = [];
    for (let i = 0; i < 30; i++) parcels.push(await parcel(shopA, 1000n, 800));
    const contexts = await Promise.all(Array.from({ length: 8 }, () => world.as(ADMIN)));
    const bills = await Promise.all(
      contexts.map((ctx, i) =>
        importCarrierBill(ctx, {
          carrierCode: carrier.code,
          billNumber: `RACE-${RUN}-${i}`,
          csv: bill(parcels.map((p) => `${p.trackingNumber},800,${i + 1}.00`)),
        }),
      ),
    );
    const lines = (await Promise.all(bills.map((b) => linesOf(mustOk(b).id)))).flat();
    expect(lines).toHaveLength(240);
    const matched = lines.filter((l) => l.status === 'MATCHED');
    expect(new Set(matched.map((l) => l.shipmentId)).size).toBe(30);
    expect(matched).toHaveLength(30);
    expect(lines.filter((l) => l.status === 'DUPLICATE')).toHaveLength(210);
  });

  it('one bill imported six times at once is one bill', async () => {
    const p = await parcel(shopA, 1000n, 800);
    const contexts = await Promise.all(Array.from({ length: 6 }, () => world.as(ADMIN)));
    const input = { carrierCode: carrier.code, billNumber: `SAME-${RUN}`, csv: bill([`${p.trackingNumber},800,3.00`]) };
    const bills = await Promise.all(contexts.map((ctx) => importCarrierBill(ctx, input)));
    expect(new Set(bills.map((b) => mustOk(b).id)).size).toBe(1);
    expect(
      await db()
        .select()
        .from(carrierBills)
        .where(eq(carrierBills.billNumber, `SAME-${RUN}`)),
    ).toHaveLength(1);
    expect((await reload(p.id)).realCostAmount).toBe(300n);
  });
});
