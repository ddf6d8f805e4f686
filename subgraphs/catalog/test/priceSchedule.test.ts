import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { TokenInput } from '@zhongtai/kit';
import { mustOk, openTestWorld, testMerchant, testRunTag, TEST_ADMIN as ADMIN, useTestWorld } from '@zhongtai/kit/testing';
import { shopsCenter } from '@zhongtai/shops';
import { createShop } from '@zhongtai/shops/domain/shops';
import { outbox, priceChanges, skus, spus } from '../src/db/tables.ts';
import { createCategory } from '../src/domain/categories/categories.ts';
import { applyPriceChange, cancelPriceChange, runApplyPriceChangeJob, schedulePriceChange } from '../src/domain/prices/priceSchedule.ts';
import { createSpu } from '../src/domain/spus/spuCreate.ts';
import { catalogCenter } from '../src/index.ts';

/**
 * Scheduled price changes on an injected clock (`ctx.now()`): the window a change may be planned
 * in, the job's due time to the millisecond, and what the applied change records. The world holds
 * shops and catalog without the event relay (the jobs are run by hand), so it opens in seconds:
 * Stryker runs this file once per mutant of priceSchedule.ts.
 */
const RUN = testRunTag();
const world = useTestWorld(async () => {
  const opened = await openTestWorld({ centers: [shopsCenter, catalogCenter] });
  const shopId = mustOk(await createShop(await opened.as(ADMIN, 'shops'), { name: `改价店 ${RUN}`, contact: { name: '测试 Tester' } })).id;
  const categoryId = mustOk(await createCategory(await opened.as(ADMIN), { name: `改价 ${RUN}`, parentId: null })).id;
  return { ...opened, shopId, categoryId };
});

const DAY = 86_400_000;
const NOW = new Date('2031-03-01T08:00:00.000Z');
const at = (ms: number) => new Date(ms);
const as = async (token: TokenInput, now: Date) => ({ ...(await world.as(token)), now: () => now });
const merchant = () => testMerchant(world.shopId);
const db = () => world.host.database.forCenter('catalog');
const CNY = (amount: string) => ({ amount, currencyCode: 'CNY' as const });

let products = 0;
/** A product of one SKU priced 6999.00, listed at 7999.00, costing 5000.00 (unless told). */
async function product(prices: { sale?: string; list?: string; cost?: string } = {}) {
  const n = ++products;
  const spu = mustOk(
    await createSpu(await as(merchant(), NOW), {
      shopId: world.shopId,
      categoryId: world.categoryId,
      name: `Mate ${n} ${RUN}`,
      skus: [
        {
          code: `PS-${RUN}-${n}`,
          price: CNY(prices.sale ?? '6999.00'),
          listPrice: CNY(prices.list ?? '7999.00'),
          costPrice: CNY(prices.cost ?? '5000.00'),
        },
      ],
    }),
  );
  const [sku] = await db().select().from(skus).where(eq(skus.spuId, spu.id));
  return { spu, sku: sku! };
}
const skuRow = async (id: string) => (await db().select().from(skus).where(eq(skus.id, id)))[0]!;
const changeRow = async (id: string) => (await db().select().from(priceChanges).where(eq(priceChanges.id, id)))[0]!;
const minSalePrice = async (spuId: string) => (await db().select().from(spus).where(eq(spus.id, spuId)))[0]!.minSalePriceAmount;
const pricesOf = (row: { priceAmount: bigint; listPriceAmount: bigint | null; costPriceAmount: bigint | null }) => [
  row.priceAmount,
  row.listPriceAmount,
  row.costPriceAmount,
];

describe('planning a change: strictly after now, strictly within 366 days', () => {
  // Guards against a change planned for "now" (it would never be scheduled ahead) or one instant
  // past the year, and against the bound computed from the wrong side of now.
  it('refuses now and now + 366 days; takes now + 1 ms and now + 366 days - 1 ms', async () => {
    const { sku } = await product();
    const plan = async (effectiveAt: Date) => schedulePriceChange(await as(merchant(), NOW), { skuId: sku.id, effectiveAt, salePrice: CNY('5999.00') });
    expect(await plan(NOW)).toEqual({
      ok: false,
      errors: [
        {
          field: ['input', 'effectiveAt'],
          code: 'OUT_OF_RANGE',
          message: 'A scheduled change takes effect in the future; change the price directly for now',
        },
      ],
    });
    expect(await plan(at(NOW.getTime() + 366 * DAY))).toEqual({
      ok: false,
      errors: [{ field: ['input', 'effectiveAt'], code: 'OUT_OF_RANGE', message: 'Schedule at most a year ahead' }],
    });
    expect((await plan(at(NOW.getTime() + 1))).ok).toBe(true);
    expect((await plan(at(NOW.getTime() + 366 * DAY - 1))).ok).toBe(true);
  });

  // Guards against an empty change being scheduled (a job that changes nothing), and against the
  // check being skipped when only the list or the cost price changes.
  it('needs at least one new price; a list or a cost price alone is one', async () => {
    const { sku } = await product();
    const soon = at(NOW.getTime() + DAY);
    expect(await schedulePriceChange(await as(merchant(), NOW), { skuId: sku.id, effectiveAt: soon })).toEqual({
      ok: false,
      errors: [{ field: ['input', 'salePrice'], code: 'REQUIRED', message: 'Give at least one new price' }],
    });
    const listOnly = mustOk(await schedulePriceChange(await as(merchant(), NOW), { skuId: sku.id, effectiveAt: soon, listPrice: CNY('8999.00') }));
    const costOnly = mustOk(await schedulePriceChange(await as(merchant(), NOW), { skuId: sku.id, effectiveAt: soon, costPrice: CNY('4800.00') }));
    expect([listOnly.salePriceAmount, listOnly.listPriceAmount, listOnly.costPriceAmount]).toEqual([null, 899900n, null]);
    expect([costOnly.salePriceAmount, costOnly.listPriceAmount, costOnly.costPriceAmount]).toEqual([null, null, 480000n]);
  });

  // Guards against a sale price planned above the list price, an unknown SKU answered with a
  // crash, and every refusal of one request not being reported together.
  it('refuses an unknown SKU, a bad id, a sale price above the list price, and a time and a reason at once', async () => {
    const { sku } = await product();
    const unknown = `${sku.id.slice(0, -1)}${sku.id.endsWith('Q') ? 'R' : 'Q'}`;
    expect(await schedulePriceChange(await as(merchant(), NOW), { skuId: unknown, effectiveAt: NOW, salePrice: CNY('1.00') })).toEqual({
      ok: false,
      errors: [
        { field: ['input', 'skuId'], code: 'NOT_FOUND', message: `SKU ${unknown} not found` },
        {
          field: ['input', 'effectiveAt'],
          code: 'OUT_OF_RANGE',
          message: 'A scheduled change takes effect in the future; change the price directly for now',
        },
      ],
    });
    expect(await schedulePriceChange(await as(merchant(), NOW), { skuId: 'nope', effectiveAt: at(NOW.getTime() + DAY), salePrice: CNY('1.00') })).toEqual({
      ok: false,
      errors: [{ field: ['input', 'skuId'], code: 'INVALID_ID', message: '"nope" is not a SKU id' }],
    });
    expect(
      await schedulePriceChange(await as(merchant(), NOW), {
        skuId: sku.id,
        effectiveAt: at(NOW.getTime() + DAY),
        salePrice: CNY('8500.00'),
        reason: 'x'.repeat(501),
      }),
    ).toEqual({
      ok: false,
      errors: [
        { field: ['input', 'reason'], code: 'TOO_LONG', message: 'Reason is at most 500 characters' },
        { field: ['input', 'salePrice', 'amount'], code: 'OUT_OF_RANGE', message: 'The sale price cannot exceed the list price' },
      ],
    });
    expect(await db().select().from(priceChanges).where(eq(priceChanges.skuId, sku.id))).toHaveLength(1);
  });

  // Guards against a bad price reported under the wrong field (not under input.salePrice), or
  // crashing the request instead of being refused.
  it('refuses a price in another currency and a negative one, each under its own field', async () => {
    const { sku } = await product();
    const soon = at(NOW.getTime() + DAY);
    expect(
      await schedulePriceChange(await as(merchant(), NOW), {
        skuId: sku.id,
        effectiveAt: soon,
        salePrice: { amount: '10.00', currencyCode: 'USD' },
        costPrice: CNY('-1.00'),
      }),
    ).toEqual({
      ok: false,
      errors: [
        { field: ['input', 'salePrice', 'currencyCode'], code: 'CURRENCY_MISMATCH', message: 'The shop prices in CNY, not USD' },
        { field: ['input', 'costPrice', 'amount'], code: 'NEGATIVE', message: 'A price cannot be negative' },
      ],
    });
  });

  // Guards against a change saved without its shop, currency, status, source, reason or actor, and
  // a job queued without its id, at the wrong time, or without the key that makes it one job.
  it('saves a SCHEDULED change and queues one job at its time, keyed by the change', async () => {
    const { sku } = await product();
    const effectiveAt = at(NOW.getTime() + 7 * DAY);
    const change = mustOk(
      await schedulePriceChange(await as(merchant(), NOW), { skuId: sku.id, effectiveAt, salePrice: CNY('5999.00'), reason: '  618 大促  ' }),
    );
    expect(change).toMatchObject({
      skuId: sku.id,
      shopId: world.shopId,
      currency: 'CNY',
      salePriceAmount: 599900n,
      listPriceAmount: null,
      costPriceAmount: null,
      status: 'SCHEDULED',
      source: 'SCHEDULED',
      reason: '618 大促',
      effectiveAt,
      appliedAt: null,
      actor: `merchant:${world.shopId}`,
    });
    expect(change.id).toMatch(/^prc_/);
    const jobs = await db()
      .select()
      .from(outbox)
      .where(and(eq(outbox.kind, 'job'), eq(outbox.topic, 'applyPriceChange'), eq(outbox.singletonKey, change.id)));
    expect(jobs.map((j) => [(j.payload as { priceChangeId: string }).priceChangeId, j.startAfter])).toEqual([[change.id, effectiveAt]]);
  });
});

describe('applying a change at its time', () => {
  // Guards against a change applied before its time (the SQL guard) and against the job dropping an
  // early run instead of failing it so that pg-boss retries.
  it('1 ms early nothing changes and the job fails; at its time the prices change, once', async () => {
    const { spu, sku } = await product();
    const effectiveAt = at(NOW.getTime() + DAY);
    const change = mustOk(await schedulePriceChange(await as(merchant(), NOW), { skuId: sku.id, effectiveAt, salePrice: CNY('5999.00') }));
    const early = at(effectiveAt.getTime() - 1);
    expect(await applyPriceChange(await as(ADMIN, early), change.id)).toBe(false);
    await expect(runApplyPriceChangeJob(await as(ADMIN, early), { priceChangeId: change.id })).rejects.toThrow(
      `price change ${change.id} is not due until ${effectiveAt.toISOString()}`,
    );
    expect(pricesOf(await skuRow(sku.id))).toEqual([699900n, 799900n, 500000n]);
    expect((await changeRow(change.id)).status).toBe('SCHEDULED');

    await runApplyPriceChangeJob(await as(ADMIN, effectiveAt), { priceChangeId: change.id });
    const applied = await skuRow(sku.id);
    expect([...pricesOf(applied), applied.updatedAt]).toEqual([599900n, 799900n, 500000n, effectiveAt]);
    expect(await minSalePrice(spu.id)).toBe(599900n);
    // The history reads "from 6999 to 5999"; the prices it left alone are recorded as they stayed.
    expect(await changeRow(change.id)).toMatchObject({
      status: 'APPLIED',
      appliedAt: effectiveAt,
      updatedAt: effectiveAt,
      salePriceAmount: 599900n,
      listPriceAmount: 799900n,
      costPriceAmount: 500000n,
      previousSalePriceAmount: 699900n,
      previousListPriceAmount: 799900n,
      previousCostPriceAmount: 500000n,
    });
    // A redelivered job changes nothing and does not fail.
    const later = at(effectiveAt.getTime() + DAY);
    expect(await applyPriceChange(await as(ADMIN, later), change.id)).toBe(false);
    await runApplyPriceChangeJob(await as(ADMIN, later), { priceChangeId: change.id });
    expect((await skuRow(sku.id)).updatedAt).toEqual(effectiveAt);
  });

  // Guards against the list and cost prices of a change being dropped or swapped when applied.
  it('applies new list and cost prices, keeping the sale price it does not name', async () => {
    const { sku } = await product();
    const effectiveAt = at(NOW.getTime() + DAY);
    const change = mustOk(
      await schedulePriceChange(await as(merchant(), NOW), { skuId: sku.id, effectiveAt, listPrice: CNY('8999.00'), costPrice: CNY('4500.00') }),
    );
    expect(await applyPriceChange(await as(ADMIN, effectiveAt), change.id)).toBe(true);
    expect(pricesOf(await skuRow(sku.id))).toEqual([699900n, 899900n, 450000n]);
    const row = await changeRow(change.id);
    expect([row.salePriceAmount, row.listPriceAmount, row.costPriceAmount, row.previousListPriceAmount, row.previousCostPriceAmount]).toEqual([
      699900n,
      899900n,
      450000n,
      799900n,
      500000n,
    ]);
  });

  // Guards against a change to the prices a SKU already has touching the SKU (its updatedAt moves
  // and the product's lowest price is recomputed for nothing) or not being marked applied.
  it('a change to the prices the SKU already has is applied without touching the SKU', async () => {
    const { sku } = await product();
    const effectiveAt = at(NOW.getTime() + DAY);
    const change = mustOk(await schedulePriceChange(await as(merchant(), NOW), { skuId: sku.id, effectiveAt, salePrice: CNY('6999.00') }));
    expect(await applyPriceChange(await as(ADMIN, effectiveAt), change.id)).toBe(true);
    const after = await skuRow(sku.id);
    expect([...pricesOf(after), after.updatedAt]).toEqual([699900n, 799900n, 500000n, sku.updatedAt]);
    expect(await changeRow(change.id)).toMatchObject({ status: 'APPLIED', appliedAt: effectiveAt, previousSalePriceAmount: 699900n, salePriceAmount: 699900n });
  });

  // Guards against the job failing (and being retried forever) for a cancelled change or an id
  // it does not know.
  it('the job of a cancelled or unknown change finishes without changing anything', async () => {
    const { sku } = await product();
    const effectiveAt = at(NOW.getTime() + DAY);
    const change = mustOk(await schedulePriceChange(await as(merchant(), NOW), { skuId: sku.id, effectiveAt, salePrice: CNY('5999.00') }));
    mustOk(await cancelPriceChange(await as(merchant(), NOW), { id: change.id }));
    await runApplyPriceChangeJob(await as(ADMIN, effectiveAt), { priceChangeId: change.id });
    await runApplyPriceChangeJob(await as(ADMIN, effectiveAt), {});
    expect(pricesOf(await skuRow(sku.id))).toEqual([699900n, 799900n, 500000n]);
    expect((await changeRow(change.id)).status).toBe('CANCELLED');
  });
});

describe('cancelling a change', () => {
  // Guards against a cancel that reopens an applied change or cancels twice, against its time
  // coming from anywhere but the request's clock, and against each refusal's field and message.
  it('cancels a SCHEDULED change once, at the request time; refuses a bad id, an unknown one, a cancelled and an applied one', async () => {
    const { sku } = await product();
    const effectiveAt = at(NOW.getTime() + DAY);
    const cancelAt = at(NOW.getTime() + 3_600_000);
    const change = mustOk(await schedulePriceChange(await as(merchant(), NOW), { skuId: sku.id, effectiveAt, salePrice: CNY('5999.00') }));
    const cancelled = mustOk(await cancelPriceChange(await as(merchant(), cancelAt), { id: change.id }));
    expect([cancelled.id, cancelled.status, cancelled.updatedAt]).toEqual([change.id, 'CANCELLED', cancelAt]);
    expect(await cancelPriceChange(await as(merchant(), cancelAt), { id: change.id })).toEqual({
      ok: false,
      errors: [{ field: ['input', 'id'], code: 'INVALID_TRANSITION', message: 'The change is cancelled already' }],
    });
    const applied = mustOk(await schedulePriceChange(await as(merchant(), NOW), { skuId: sku.id, effectiveAt, salePrice: CNY('5999.00') }));
    expect(await applyPriceChange(await as(ADMIN, effectiveAt), applied.id)).toBe(true);
    expect(await cancelPriceChange(await as(merchant(), effectiveAt), { id: applied.id })).toEqual({
      ok: false,
      errors: [{ field: ['input', 'id'], code: 'INVALID_TRANSITION', message: 'The change is applied already' }],
    });
    expect(await cancelPriceChange(await as(merchant(), NOW), { id: 'sku_x' })).toEqual({
      ok: false,
      errors: [{ field: ['input', 'id'], code: 'INVALID_ID', message: '"sku_x" is not a price change id' }],
    });
    const unknown = `${change.id.slice(0, -1)}${change.id.endsWith('Q') ? 'R' : 'Q'}`;
    expect(await cancelPriceChange(await as(merchant(), NOW), { id: unknown })).toEqual({
      ok: false,
      errors: [{ field: ['input', 'id'], code: 'NOT_FOUND', message: `Price change ${unknown} not found` }],
    });
    // Another shop's merchant may not cancel it.
    const other = mustOk(await schedulePriceChange(await as(merchant(), NOW), { skuId: sku.id, effectiveAt, salePrice: CNY('5899.00') }));
    await expect(cancelPriceChange(await as(testMerchant('shp_01HK153X0000000000000ZZZZZ'), NOW), { id: other.id })).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    expect((await changeRow(other.id)).status).toBe('SCHEDULED');
  });
});
