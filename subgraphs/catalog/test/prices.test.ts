import { describe, expect, it } from 'vitest';
import { and, count, eq, inArray } from 'drizzle-orm';
import { waitFor, useTestWorld } from '@zhongtai/kit/testing';
import { priceChanges, skus, spus, type SpuRow } from '../src/db/tables.ts';
import { bulkUpdatePrices, type BulkPriceRowInput } from '../src/domain/prices/bulkPrices.ts';
import { priceHistory } from '../src/domain/prices/priceHistory.ts';
import { applyPriceChange, cancelPriceChange, schedulePriceChange } from '../src/domain/prices/priceSchedule.ts';
import { createSpu } from '../src/domain/spus/spuCreate.ts';
import { ADMIN, cny, merchantOf, mustOk, openWorld, refusals, RUN, sku, uniqueCode } from './fixtures.ts';

const world = useTestWorld(openWorld);

const merchantA = () => world.as('catalog', merchantOf(world.shopA));
const db = () => world.host.database.forCenter('catalog');
const skuRow = async (id: string) => (await db().select().from(skus).where(eq(skus.id, id)))[0]!;

/** A product with `colors x sizes` SKUs priced 100.00, generated from a matrix. */
async function gridProduct(colors: number, sizes: number): Promise<SpuRow> {
  const values = (label: string, n: number) => Array.from({ length: n }, (_, i) => `${label}${i + 1}`);
  return mustOk(
    await createSpu(await merchantA(), {
      categoryId: world.tree.phones,
      name: `批量改价测试 Bulk ${RUN}`,
      matrix: {
        dimensions: [
          { name: '颜色', values: values('C', colors) },
          { name: '尺码', values: values('S', sizes) },
        ],
        defaults: { codePrefix: uniqueCode('G'), salePrice: cny('100.00'), costPrice: cny('40.00') },
      },
    }),
  );
}

describe('scheduled price changes', () => {
  it('a job applies the change at its time, once; the history shows both prices', async () => {
    const spu = mustOk(
      await createSpu(await merchantA(), { categoryId: world.tree.smartphones, name: `Mate 70 双11 ${RUN}`, skus: [sku(uniqueCode(), {}, '6999.00')] }),
    );
    const [variant] = await db().select().from(skus).where(eq(skus.spuId, spu.id));
    const effectiveAt = new Date(Date.now() + 1500);
    const change = mustOk(
      await schedulePriceChange(await merchantA(), { skuId: variant!.id, effectiveAt, salePrice: cny('5999.00'), reason: '双11 Singles Day' }),
    );
    expect(change.status).toBe('SCHEDULED');
    // Not a read-time check: before the job runs nothing has changed.
    expect((await skuRow(variant!.id)).priceAmount).toBe(699900n);

    await world.host.bus!.relayNow();
    const applied = await waitFor(async () => (await skuRow(variant!.id)).priceAmount === 599900n, { what: 'the scheduled price to apply' });
    expect(applied).toBe(true);
    const [row] = await db().select().from(priceChanges).where(eq(priceChanges.id, change.id));
    expect(row!.status).toBe('APPLIED');
    expect(row!.appliedAt!.getTime()).toBeGreaterThanOrEqual(effectiveAt.getTime());
    expect((await db().select().from(spus).where(eq(spus.id, spu.id)))[0]!.minSalePriceAmount).toBe(599900n);
    // A redelivered job changes nothing.
    expect(await applyPriceChange(await world.as('catalog', ADMIN), change.id)).toBe(false);

    const history = await priceHistory(await merchantA(), await skuRow(variant!.id), { first: 10 });
    expect(history.nodes.map((h) => [h.source, h.previousSalePriceAmount, h.salePriceAmount, h.reason])).toEqual([
      ['SCHEDULED', 699900n, 599900n, '双11 Singles Day'],
      ['CREATED', null, 699900n, null],
    ]);
  });

  it('refuses a time in the past and a change of another shop; a cancelled change never applies', async () => {
    const spu = mustOk(
      await createSpu(await merchantA(), { categoryId: world.tree.smartphones, name: `Pura 70 ${RUN}`, skus: [sku(uniqueCode(), {}, '5499.00')] }),
    );
    const [variant] = await db().select().from(skus).where(eq(skus.spuId, spu.id));
    expect(
      refusals(await schedulePriceChange(await merchantA(), { skuId: variant!.id, effectiveAt: new Date(Date.now() - 60_000), salePrice: cny('1.00') })),
    ).toEqual([{ field: ['input', 'effectiveAt'], code: 'OUT_OF_RANGE' }]);
    await expect(
      schedulePriceChange(await world.as('catalog', merchantOf(world.shopB)), {
        skuId: variant!.id,
        effectiveAt: new Date(Date.now() + 60_000),
        salePrice: cny('1.00'),
      }),
    ).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    const change = mustOk(
      await schedulePriceChange(await merchantA(), { skuId: variant!.id, effectiveAt: new Date(Date.now() + 60_000), salePrice: cny('4999.00') }),
    );
    mustOk(await cancelPriceChange(await merchantA(), { id: change.id }));
    expect(await applyPriceChange(await world.as('catalog', ADMIN), change.id, new Date(Date.now() + 120_000))).toBe(false);
    expect((await skuRow(variant!.id)).priceAmount).toBe(549900n);
  });
});

describe('applying a scheduled change', () => {
  it('applies once when several workers run it at the same time (real concurrency on PostgreSQL)', async () => {
    const spu = mustOk(
      await createSpu(await merchantA(), { categoryId: world.tree.smartphones, name: `nova 13 ${RUN}`, skus: [sku(uniqueCode(), {}, '2699.00')] }),
    );
    const [variant] = await db().select().from(skus).where(eq(skus.spuId, spu.id));
    const change = mustOk(
      await schedulePriceChange(await merchantA(), { skuId: variant!.id, effectiveAt: new Date(Date.now() + 60_000), salePrice: cny('2399.00') }),
    );
    const later = new Date(Date.now() + 120_000);
    const runs = await Promise.all(Array.from({ length: 5 }, async () => applyPriceChange(await world.as('catalog', ADMIN), change.id, later)));
    expect(runs.filter(Boolean)).toHaveLength(1);
    expect((await skuRow(variant!.id)).priceAmount).toBe(239900n);
    const history = await priceHistory(await merchantA(), await skuRow(variant!.id), { first: 10 });
    expect(history.nodes.map((h) => h.source)).toEqual(['SCHEDULED', 'CREATED']);
  });
});

describe('bulk price update', () => {
  it('1,000 rows with one bad row change nothing and name the bad row; fixed, all apply at once', async () => {
    const [a, b] = [await gridProduct(20, 25), await gridProduct(20, 25)];
    const ids = (
      await db()
        .select({ id: skus.id })
        .from(skus)
        .where(inArray(skus.spuId, [a.id, b.id]))
    ).map((r) => r.id);
    expect(ids).toHaveLength(1000);
    const rows: BulkPriceRowInput[] = ids.map((skuId, i) => ({ skuId, salePrice: cny(`${80 + (i % 10)}.50`), listPrice: cny('120.00') }));
    rows[537] = { ...rows[537]!, salePrice: cny('-3.00') };

    const refused = await bulkUpdatePrices(await merchantA(), { rows, reason: '618 大促' });
    expect(refusals(refused)).toEqual([{ field: ['input', 'rows', '537', 'salePrice', 'amount'], code: 'NEGATIVE' }]);
    const unchanged = await db()
      .select({ n: count() })
      .from(skus)
      .where(and(inArray(skus.id, ids), eq(skus.priceAmount, 10000n)));
    expect(unchanged[0]!.n).toBe(1000);
    const bulkHistory = async () =>
      (
        await db()
          .select({ n: count() })
          .from(priceChanges)
          .where(and(inArray(priceChanges.skuId, ids), eq(priceChanges.source, 'BULK')))
      )[0]!.n;
    expect(await bulkHistory()).toBe(0);

    rows[537] = { ...rows[537]!, salePrice: cny('79.90') };
    const updated = mustOk(await bulkUpdatePrices(await merchantA(), { rows, reason: '618 大促' }));
    expect(updated).toHaveLength(1000);
    expect(updated[537]!.priceAmount).toBe(7990n);
    expect(updated[1]!.priceAmount).toBe(8150n);
    expect(updated.every((s) => s.listPriceAmount === 12000n && s.costPriceAmount === 4000n)).toBe(true);
    expect(await bulkHistory()).toBe(1000);
    const mins = await db()
      .select({ id: spus.id, min: spus.minSalePriceAmount })
      .from(spus)
      .where(inArray(spus.id, [a.id, b.id]));
    expect(mins.map((m) => m.min).sort()).toEqual([7990n, 8050n].sort());
  });

  it('names each bad row: unknown, repeated, above the list price, wrong currency; too many rows; another shop is FORBIDDEN', async () => {
    const spu = await gridProduct(1, 2);
    const [x, y] = (await db().select().from(skus).where(eq(skus.spuId, spu.id))).map((s) => s.id);
    const result = await bulkUpdatePrices(await merchantA(), {
      rows: [
        { skuId: x!, salePrice: cny('10.00') },
        { skuId: 'sku_01HK153X0000000000000ZZZZZ', salePrice: cny('1.00') },
        { skuId: x!, salePrice: cny('11.00') },
        { skuId: y!, salePrice: cny('500.00'), listPrice: cny('200.00') },
        // Another, unknown SKU id: y with its last character changed (never to the one it has).
        { skuId: y!.slice(0, -1) + (y!.endsWith('Q') ? 'R' : 'Q'), salePrice: { amount: '1.00', currencyCode: 'USD' } },
      ],
    });
    expect(refusals(result)).toEqual([
      { field: ['input', 'rows', '2', 'skuId'], code: 'DUPLICATE' },
      { field: ['input', 'rows', '1', 'skuId'], code: 'NOT_FOUND' },
      { field: ['input', 'rows', '3', 'salePrice', 'amount'], code: 'OUT_OF_RANGE' },
      { field: ['input', 'rows', '4', 'skuId'], code: 'NOT_FOUND' },
    ]);
    expect(refusals(await bulkUpdatePrices(await merchantA(), { rows: Array.from({ length: 1001 }, () => ({ skuId: x!, salePrice: cny('1.00') })) }))).toEqual([
      { field: ['input', 'rows'], code: 'TOO_MANY' },
    ]);
    await expect(bulkUpdatePrices(await world.as('catalog', merchantOf(world.shopB)), { rows: [{ skuId: x!, salePrice: cny('1.00') }] })).rejects.toMatchObject(
      { extensions: { code: 'FORBIDDEN' } },
    );
    expect((await skuRow(x!)).priceAmount).toBe(10000n);
  });
});
