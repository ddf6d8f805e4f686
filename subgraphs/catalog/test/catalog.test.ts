import { describe, expect, it } from 'vitest';
import { useTestWorld } from '@zhongtai/kit/testing';
import { count, eq } from 'drizzle-orm';
import { newId, queryCounter, type RequestContext, type UserError } from '@zhongtai/kit';
import { categories, skus, spus, type SpuRow } from '../src/db/tables.ts';
import { loadBrand } from '../src/domain/brands/brands.ts';
import { loadCategory } from '../src/domain/categories/categories.ts';
import { quoteSkus } from '../src/domain/skus/quotes.ts';
import { findSku, resolveSkuReference, skusOfSpu } from '../src/domain/skus/skus.ts';
import { updateSku } from '../src/domain/skus/skuUpdate.ts';
import { createSpu, type CreateSpuInput } from '../src/domain/spus/spuCreate.ts';
import { approveSpu, publishSpu, submitSpuForReview, unpublishSpu } from '../src/domain/spus/review.ts';
import { findSpu, listSpus, resolveSpuReference, spuStatusHistory } from '../src/domain/spus/spus.ts';
import { updateSpu } from '../src/domain/spus/spuUpdate.ts';
import { ADMIN, ANALYST, CUSTOMER, merchantOf, openWorld, RUN, SERVICE, sku, uniqueCode } from './fixtures.ts';

const world = useTestWorld(openWorld);

const merchantA = () => world.as('catalog', merchantOf(world.shopA));
const merchantB = () => world.as('catalog', merchantOf(world.shopB));
const admin = () => world.as('catalog', ADMIN);
const db = () => world.host.database.forCenter('catalog');

function phone(overrides: Partial<CreateSpuInput> = {}): CreateSpuInput {
  return {
    categoryId: world.tree.smartphones,
    brandId: world.brand,
    name: `HUAWEI Mate 70 Pro 雅川青 ${RUN}`,
    skus: [sku(uniqueCode(), { 颜色: '雅川青', 存储: '12GB+256GB' }, '6499.00'), sku(uniqueCode(), { 颜色: '雅川青', 存储: '12GB+512GB' }, '6999.00')],
    ...overrides,
  };
}

async function created(ctx: RequestContext, input: CreateSpuInput): Promise<SpuRow> {
  const result = await createSpu(ctx, input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

function errorsOf(result: { ok: boolean; errors?: UserError[] }): Pick<UserError, 'field' | 'code'>[] {
  expect(result.ok).toBe(false);
  return (result.errors ?? []).map(({ field, code }) => ({ field, code }));
}

const spuCount = async (shopId: string) => (await db().select({ n: count() }).from(spus).where(eq(spus.shopId, shopId)))[0]!.n;

describe('createSpu', () => {
  it('creates a DRAFT product with its SKUs in input order and records the creation', async () => {
    const spu = await created(await merchantA(), phone());
    expect(spu).toMatchObject({ shopId: world.shopA, status: 'DRAFT', productType: 'PHYSICAL' });
    const variants = await skusOfSpu(await merchantA(), spu);
    expect(variants.map((v) => [v.position, v.priceAmount, v.salesAttributes[1]?.value])).toEqual([
      [0, 649900n, '12GB+256GB'],
      [1, 699900n, '12GB+512GB'],
    ]);
    const history = await spuStatusHistory(await merchantA(), spu);
    expect(history).toMatchObject([{ fromStatus: null, toStatus: 'DRAFT', actor: `merchant:${world.shopA}` }]);
  });

  it('reports every problem with its field path and writes nothing', async () => {
    const before = await spuCount(world.shopA);
    const code = uniqueCode();
    const result = await createSpu(await merchantA(), {
      categoryId: newId('cat'),
      brandId: 'not-a-brand',
      name: '   ',
      skus: [sku(code, { 颜色: '黑' }), sku(uniqueCode(), { 颜色: '白' }, '-1.00'), sku(code, { 颜色: '蓝' })],
    });
    expect(errorsOf(result)).toEqual(
      expect.arrayContaining([
        { field: ['input', 'name'], code: 'REQUIRED' },
        { field: ['input', 'categoryId'], code: 'NOT_FOUND' },
        { field: ['input', 'brandId'], code: 'INVALID_ID' },
        { field: ['input', 'skus', '1', 'price', 'amount'], code: 'NEGATIVE' },
        { field: ['input', 'skus', '2', 'code'], code: 'DUPLICATE' },
      ]),
    );
    expect(await spuCount(world.shopA)).toBe(before);
    expect(await db().select().from(skus).where(eq(skus.code, code))).toEqual([]);
  });

  it('refuses malformed ids, a disabled category and repeated attribute combinations', async () => {
    const [disabled] = await db()
      .insert(categories)
      .values({ id: newId('cat'), name: `停用 Disabled ${RUN}`, path: '/x/', depth: 1, status: 'DISABLED' })
      .returning();
    await db()
      .update(categories)
      .set({ path: `/${disabled!.id}/` })
      .where(eq(categories.id, disabled!.id));
    const twin = { 颜色: '黑色 Black', 尺码: 'M' };
    const result = await createSpu(
      await merchantA(),
      phone({ categoryId: disabled!.id, skus: [sku(uniqueCode(), twin), sku(uniqueCode(), { 尺码: 'M', 颜色: '黑色 black' })] }),
    );
    expect(errorsOf(result)).toEqual([
      { field: ['input', 'categoryId'], code: 'INACTIVE' },
      { field: ['input', 'skus', '1', 'salesAttributes'], code: 'DUPLICATE' },
    ]);
    expect(errorsOf(await createSpu(await merchantA(), phone({ categoryId: 'cat_123' })))).toEqual([{ field: ['input', 'categoryId'], code: 'INVALID_ID' }]);
    expect(errorsOf(await createSpu(await merchantA(), phone({ skus: [] })))).toEqual([{ field: ['input', 'skus'], code: 'REQUIRED' }]);
  });

  it('says TAKEN for a code the shop already uses, also when two creations race', async () => {
    const code = uniqueCode('TAKEN');
    await created(await merchantA(), phone({ skus: [sku(code)] }));
    expect(errorsOf(await createSpu(await merchantA(), phone({ skus: [sku(code)] })))).toEqual([{ field: ['input', 'skus', '0', 'code'], code: 'TAKEN' }]);
    // Codes are unique per shop, not across shops.
    await created(await merchantB(), phone({ skus: [sku(code)] }));

    const raced = uniqueCode('RACE');
    const results = await Promise.all([
      createSpu(await merchantA(), phone({ skus: [sku(raced)] })),
      createSpu(await merchantA(), phone({ skus: [sku(raced)] })),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ errors: [{ code: 'TAKEN' }] });
  });

  it('checks the shop with the shops center: unknown, not trading, other currency', async () => {
    const unknown = await createSpu(await admin(), phone({ shopId: newId('shp') }));
    expect(errorsOf(unknown)).toEqual([{ field: ['input', 'shopId'], code: 'NOT_FOUND' }]);
    const suspended = await createSpu(await admin(), phone({ shopId: world.suspendedShop }));
    expect(errorsOf(suspended)).toEqual([{ field: ['input', 'shopId'], code: 'INACTIVE' }]);
    const dollars = await createSpu(await merchantA(), phone({ skus: [sku(uniqueCode(), {}, '10.00', 'USD')] }));
    expect(errorsOf(dollars)).toEqual([{ field: ['input', 'skus', '0', 'price', 'currencyCode'], code: 'CURRENCY_MISMATCH' }]);
    expect(errorsOf(await createSpu(await admin(), phone()))).toEqual([{ field: ['input', 'shopId'], code: 'REQUIRED' }]);
  });
});

describe('status', () => {
  it('publishes and unpublishes along the transition table and keeps the history', async () => {
    const spu = await created(await merchantA(), phone());
    // A draft goes on sale only through review.
    expect(errorsOf(await publishSpu(await merchantA(), { id: spu.id }))).toEqual([{ field: ['input', 'id'], code: 'INVALID_TRANSITION' }]);
    expect(await submitSpuForReview(await merchantA(), { id: spu.id, reason: '首发 Launch' })).toMatchObject({ ok: true, value: { status: 'PENDING_REVIEW' } });
    expect(await approveSpu(await admin(), { id: spu.id })).toMatchObject({ ok: true, value: { status: 'ON_SALE' } });
    expect(errorsOf(await publishSpu(await merchantA(), { id: spu.id }))).toEqual([{ field: ['input', 'id'], code: 'INVALID_TRANSITION' }]);
    expect(await unpublishSpu(await merchantA(), { id: spu.id, reason: '缺货 Out of stock' })).toMatchObject({ ok: true, value: { status: 'OFF_SHELF' } });
    expect(errorsOf(await unpublishSpu(await merchantA(), { id: spu.id }))).toEqual([{ field: ['input', 'id'], code: 'INVALID_TRANSITION' }]);
    expect(await publishSpu(await admin(), { id: spu.id })).toMatchObject({ ok: true, value: { status: 'ON_SALE' } });

    const history = await spuStatusHistory(await merchantA(), spu);
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.reason, h.actor])).toEqual([
      [null, 'DRAFT', null, `merchant:${world.shopA}`],
      ['DRAFT', 'PENDING_REVIEW', '首发 Launch', `merchant:${world.shopA}`],
      ['PENDING_REVIEW', 'ON_SALE', null, ADMIN.subject],
      ['ON_SALE', 'OFF_SHELF', '缺货 Out of stock', `merchant:${world.shopA}`],
      ['OFF_SHELF', 'ON_SALE', null, ADMIN.subject],
    ]);
    expect(errorsOf(await publishSpu(await merchantA(), { id: 'spu_nope' }))).toEqual([{ field: ['input', 'id'], code: 'INVALID_ID' }]);
  });
});

describe('lists', () => {
  it('filters by a category subtree and by a keyword, Chinese included', async () => {
    const phoneSpu = await created(await merchantB(), phone({ name: `华为 Mate 70 RS 非凡大师 玄黑 ${RUN}` }));
    const shirt = await created(await merchantB(), phone({ categoryId: world.tree.apparel, name: `男装 T恤 50%棉 ${RUN}`, brandId: null }));
    const ids = async (filter: Parameters<typeof listSpus>[2]) =>
      (await listSpus(await admin(), { first: 100 }, { shopId: world.shopB, ...filter })).nodes.map((n) => n.id);

    expect(await ids({ categoryId: world.tree.electronics })).toContain(phoneSpu.id);
    expect(await ids({ categoryId: world.tree.electronics })).not.toContain(shirt.id);
    expect(await ids({ categoryId: world.tree.phones })).toContain(phoneSpu.id);
    expect(await ids({ categoryId: world.tree.apparel })).toEqual([shirt.id]);
    expect(await ids({ keyword: '非凡大师' })).toEqual([phoneSpu.id]);
    expect(await ids({ keyword: 'mate 70 rs' })).toEqual([phoneSpu.id]);
    expect(await ids({ keyword: '50%棉' })).toEqual([shirt.id]);
    expect(await ids({ keyword: '%' })).toEqual([shirt.id]);
  });

  it('pages with keyset cursors both ways', async () => {
    const ctx = await admin();
    const all = (await listSpus(ctx, { first: 100 }, { shopId: world.shopA }, { field: 'NAME', direction: 'ASC' })).nodes.map((n) => n.id);
    const first = await listSpus(await admin(), { first: 2 }, { shopId: world.shopA }, { field: 'NAME', direction: 'ASC' });
    const next = await listSpus(await admin(), { first: 2, after: first.pageInfo.endCursor }, { shopId: world.shopA }, { field: 'NAME', direction: 'ASC' });
    expect([...first.nodes, ...next.nodes].map((n) => n.id)).toEqual(all.slice(0, 4));
    const back = await listSpus(await admin(), { last: 2, before: next.pageInfo.endCursor }, { shopId: world.shopA }, { field: 'NAME', direction: 'ASC' });
    expect(back.nodes.map((n) => n.id)).toEqual(all.slice(1, 3));
    expect(await first.totalCount()).toBe(all.length);
  });

  it('loads SKUs, categories and brands of a page in a constant number of queries', async () => {
    const ctx = await admin();
    const page = await listSpus(ctx, { first: 50 });
    const before = queryCounter.count('catalog');
    await Promise.all(page.nodes.flatMap((spu) => [skusOfSpu(ctx, spu), loadCategory(ctx, spu.categoryId), spu.brandId ? loadBrand(ctx, spu.brandId) : null]));
    expect(page.nodes.length).toBeGreaterThan(3);
    expect(queryCounter.count('catalog') - before).toBeLessThanOrEqual(3);
  });
});

describe('merchant scoping', () => {
  it('refuses another shop’s products with FORBIDDEN', async () => {
    const spu = await created(await merchantA(), phone());
    const forbidden = { extensions: { code: 'FORBIDDEN' } };
    await expect(findSpu(await merchantB(), spu.id)).rejects.toMatchObject(forbidden);
    await expect(listSpus(await merchantB(), {}, { shopId: world.shopA })).rejects.toMatchObject(forbidden);
    await expect(updateSpu(await merchantB(), { id: spu.id, name: 'mine now' })).rejects.toMatchObject(forbidden);
    await expect(publishSpu(await merchantB(), { id: spu.id })).rejects.toMatchObject(forbidden);
    await expect(createSpu(await merchantB(), phone({ shopId: world.shopA }))).rejects.toMatchObject(forbidden);
    const [variant] = await skusOfSpu(await merchantA(), spu);
    await expect(findSku(await merchantB(), variant!.id)).rejects.toMatchObject(forbidden);
    await expect(updateSku(await merchantB(), { id: variant!.id, status: 'INACTIVE' })).rejects.toMatchObject(forbidden);
    await expect(updateSpu(await world.as('catalog', ANALYST), { id: spu.id, name: 'x' })).rejects.toMatchObject(forbidden);

    const own = await listSpus(await merchantB(), { first: 100 });
    expect(own.nodes.every((n) => n.shopId === world.shopB)).toBe(true);
  });

  it('shows referenced products to outsiders only once they were public', async () => {
    const spu = await created(await merchantA(), phone());
    const [variant] = await skusOfSpu(await merchantA(), spu);
    const customer = () => world.as('catalog', CUSTOMER);
    expect(await resolveSpuReference(await customer(), spu.id)).toBeNull();
    expect(await resolveSpuReference(await merchantB(), spu.id)).toBeNull();
    expect(await resolveSkuReference(await customer(), variant!.id)).toBeNull();
    expect(await resolveSpuReference(await world.as('catalog', ANALYST), spu.id)).not.toBeNull();
    expect(await resolveSpuReference(await merchantA(), spu.id)).not.toBeNull();

    await submitSpuForReview(await merchantA(), { id: spu.id });
    await approveSpu(await admin(), { id: spu.id });
    expect(await resolveSpuReference(await customer(), spu.id)).toMatchObject({ id: spu.id });
    expect(await resolveSkuReference(await merchantB(), variant!.id)).toMatchObject({ id: variant!.id });
  });
});

describe('updates and quotes', () => {
  it('updates a SKU: TAKEN code, currency of the shop, new price quoted to services', async () => {
    const spu = await created(await merchantA(), phone());
    const [first, second] = await skusOfSpu(await merchantA(), spu);
    expect(errorsOf(await updateSku(await merchantA(), { id: second!.id, code: first!.code }))).toEqual([{ field: ['input', 'code'], code: 'TAKEN' }]);
    expect(errorsOf(await updateSku(await merchantA(), { id: second!.id, price: { amount: '1.00', currencyCode: 'USD' } }))).toEqual([
      { field: ['input', 'price', 'currencyCode'], code: 'CURRENCY_MISMATCH' },
    ]);
    expect(errorsOf(await updateSku(await merchantA(), { id: second!.id, price: { amount: '-5', currencyCode: 'CNY' } }))).toEqual([
      { field: ['input', 'price', 'amount'], code: 'NEGATIVE' },
    ]);
    expect(await updateSku(await merchantA(), { id: second!.id, price: { amount: '7199.5', currencyCode: 'CNY' } })).toMatchObject({
      ok: true,
      value: { priceAmount: 719950n },
    });

    const quotes = await quoteSkus(await world.as('catalog', SERVICE), [second!.id, newId('sku'), first!.id]);
    const quoted = { spuId: spu.id, shopId: world.shopA, status: 'ACTIVE', spuStatus: 'DRAFT', productType: 'PHYSICAL', weightGrams: 0, volumeCm3: 0 };
    expect(quotes).toEqual([
      expect.objectContaining({ ...quoted, id: second!.id, price: { amount: '7199.50', currencyCode: 'CNY' }, code: second!.code }),
      expect.objectContaining({ ...quoted, id: first!.id, price: { amount: '6499.00', currencyCode: 'CNY' }, code: first!.code }),
    ]);
    expect(quotes[0]!.categoryPath).toEqual([world.tree.electronics, world.tree.phones, world.tree.smartphones]);
  });

  it('updates an SPU and clears its brand', async () => {
    const spu = await created(await merchantA(), phone());
    const result = await updateSpu(await merchantA(), { id: spu.id, name: `HUAWEI Mate 70 ${RUN}`, brandId: null, categoryId: world.tree.phones });
    expect(result).toMatchObject({ ok: true, value: { brandId: null, categoryId: world.tree.phones } });
    expect(errorsOf(await updateSpu(await merchantA(), { id: spu.id, name: '', brandId: newId('brd') }))).toEqual([
      { field: ['input', 'name'], code: 'REQUIRED' },
      { field: ['input', 'brandId'], code: 'NOT_FOUND' },
    ]);
  });
});
