import { beforeAll, describe, expect, it } from 'vitest';
import { useTestWorld } from '@zhongtai/kit/testing';
import { eq, sql } from 'drizzle-orm';
import { queryCounter } from '@zhongtai/kit';
import { stockLevels } from '../src/db/tables.ts';
import { checkLedger } from '../src/domain/ledgerCheck.ts';
import { listStockMovements } from '../src/domain/movements.ts';
import { skuStock } from '../src/domain/skuStock.ts';
import { configureStockLevel, listStockLevels } from '../src/domain/stockLevels.ts';
import { createWarehouse, findWarehouse, listWarehouses } from '../src/domain/warehouses.ts';
import { ADMIN, ANALYST, CUSTOMER, errorsOf, merchantOf, openWorld, value } from './fixtures.ts';

const world = useTestWorld(openWorld);
let skuA: string, skuB: string;
let platform: string, whA: string, whB: string;
beforeAll(async () => {
  [skuA] = (await world.skus(world.shopA, 1)) as [string];
  [skuB] = (await world.skus(world.shopB, 1)) as [string];
  platform = await world.warehouse(null, 10);
  whA = await world.warehouse(world.shopA);
  whB = await world.warehouse(world.shopB);
  await world.stockIn(platform, skuA, 7);
  await world.stockIn(whA, skuA, 3);
  await world.stockIn(platform, skuB, 4);
}, 120_000);

const merchantA = () => world.as(merchantOf(world.shopA));

describe('permissions', () => {
  it('merchants manage their own warehouses only; analysts read; platform warehouses are the operators’', async () => {
    const own = value(
      await createWarehouse(await merchantA(), { code: `MA-${Date.now()}`, name: '自营仓', province: '浙江', city: '杭州', address: '西湖区 1 号' }),
    );
    expect(own.shopId).toBe(world.shopA);
    await expect(
      createWarehouse(await merchantA(), { shopId: world.shopB, code: 'X', name: 'x', province: 'x', city: 'x', address: 'x' }),
    ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await expect(createWarehouse(await world.as(ANALYST), { code: 'Y', name: 'y', province: 'y', city: 'y', address: 'y' })).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    await expect(findWarehouse(await merchantA(), whB)).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const visible = (await listWarehouses(await merchantA(), { first: 100 })).nodes.map((w) => w.id);
    expect(visible).toEqual(expect.arrayContaining([platform, whA, own.id]));
    expect(visible).not.toContain(whB);
    expect((await listWarehouses(await world.as(ANALYST), { first: 100 })).nodes.map((w) => w.id)).toEqual(expect.arrayContaining([platform, whA, whB]));
  });

  it('a merchant sees its own SKUs’ stock, in every warehouse, and changes only that', async () => {
    const levels = (await listStockLevels(await merchantA(), { first: 100 })).nodes;
    expect(new Set(levels.map((l) => l.skuId))).toEqual(new Set([skuA]));
    expect(levels.map((l) => l.warehouseId).sort()).toEqual([platform, whA].sort());
    const other = await merchantA();
    await expect((async () => listStockLevels(other, { first: 10 }, { shopId: world.shopB }))()).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await expect(configureStockLevel(await merchantA(), { warehouseId: platform, skuId: skuB, safetyStock: 1 })).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    expect(value(await configureStockLevel(await merchantA(), { warehouseId: platform, skuId: skuA, safetyStock: 2 })).safetyStock).toBe(2);
    expect(errorsOf(await configureStockLevel(await merchantA(), { warehouseId: whB, skuId: skuA, safetyStock: -1 }))).toEqual([
      { field: ['input', 'safetyStock'], code: 'NEGATIVE' },
    ]);
    const movements = (await listStockMovements(await merchantA(), { first: 100 })).nodes;
    expect(movements.length).toBeGreaterThan(0);
    expect(movements.every((m) => m.shopId === world.shopA)).toBe(true);
  });
});

describe('Sku.stock', () => {
  it('shows totals and warehouses to the shop and operators, only inStock to customers', async () => {
    expect(await skuStock(await merchantA(), skuA)).toMatchObject({ inStock: true, available: 10 });
    expect((await skuStock(await world.as(ADMIN), skuA)).warehouses?.map((w) => w.available).sort()).toEqual([3, 7]);
    expect(await skuStock(await world.as(CUSTOMER), skuA)).toEqual({ inStock: true, available: null, warehouses: null });
    expect(await skuStock(await world.as(merchantOf(world.shopB)), skuA)).toEqual({ inStock: true, available: null, warehouses: null });
    const unknown = await skuStock(await world.as(CUSTOMER), 'sku_01HK153X00000000000000ZZZZ');
    expect(unknown).toEqual({ inStock: false, available: null, warehouses: null });
  });

  it('batches a page of SKUs into a constant number of queries', async () => {
    const ctx = await world.as(ADMIN);
    const before = queryCounter.count('inventory');
    await Promise.all([skuA, skuB, 'sku_01HK153X00000000000000ZZZZ'].map((id) => skuStock(ctx, id)));
    expect(queryCounter.count('inventory') - before).toBe(2);
  });
});

describe('stockLedgerCheck', () => {
  it('passes on a consistent ledger and names a stock level changed behind its back', async () => {
    const admin = await world.as(ADMIN);
    expect((await checkLedger(admin)).ok).toBe(true);
    const db = world.host.database.forCenter('inventory');
    const [tampered] = await db
      .update(stockLevels)
      .set({ onHand: sql`${stockLevels.onHand} + 1` })
      .where(eq(stockLevels.skuId, skuB))
      .returning();
    const check = await checkLedger(admin);
    expect(check.ok).toBe(false);
    expect(check.mismatches).toEqual([expect.objectContaining({ stockLevelId: tampered!.id, onHand: 5, ledgerOnHand: 4 })]);
    await db
      .update(stockLevels)
      .set({ onHand: sql`${stockLevels.onHand} - 1` })
      .where(eq(stockLevels.id, tampered!.id));
    expect((await checkLedger(admin)).ok).toBe(true);
  });

  it('counts the damaged bucket: damaged units changed behind the ledger are named', async () => {
    const admin = await world.as(ADMIN);
    expect((await checkLedger(admin)).ok).toBe(true);
    const db = world.host.database.forCenter('inventory');
    const [tampered] = await db
      .update(stockLevels)
      .set({ damaged: sql`${stockLevels.damaged} + 2` })
      .where(eq(stockLevels.skuId, skuB))
      .returning();
    const check = await checkLedger(admin);
    expect(check.ok).toBe(false);
    expect(check.mismatches).toEqual([expect.objectContaining({ stockLevelId: tampered!.id, damaged: 2, ledgerDamaged: 0, onHand: 4, ledgerOnHand: 4 })]);
    await db
      .update(stockLevels)
      .set({ damaged: sql`${stockLevels.damaged} - 2` })
      .where(eq(stockLevels.id, tampered!.id));
    expect((await checkLedger(admin)).ok).toBe(true);
  });
});
