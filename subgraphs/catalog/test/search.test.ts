import { beforeAll, describe, expect, it } from 'vitest';
import { useTestWorld } from '@zhongtai/kit/testing';
import { approveSpu, submitSpuForReview } from '../src/domain/spus/review.ts';
import { costPrice } from '../src/domain/prices/prices.ts';
import { createSpu } from '../src/domain/spus/spuCreate.ts';
import { listSpus } from '../src/domain/spus/spus.ts';
import { findProduct, listProducts } from '../src/domain/storefront/storefront.ts';
import { ADMIN, ANALYST, cny, CUSTOMER, merchantOf, mustOk, openWorld, RUN, sku, uniqueCode } from './fixtures.ts';

const world = useTestWorld(openWorld);
let dress: string;
let draft: string;
let dressCode: string;
beforeAll(async () => {
  const merchant = await world.as('catalog', merchantOf(world.shopA));
  dressCode = uniqueCode('LYQ');
  const create = async (name: string, yuan: string, code = uniqueCode()) =>
    mustOk(
      await createSpu(await world.as('catalog', merchantOf(world.shopA)), {
        categoryId: world.tree.apparel,
        name: `${name} ${RUN}`,
        skus: [{ ...sku(code, {}, yuan), costPrice: cny('50.00') }],
      }),
    ).id;
  dress = await create('2025夏季新款法式碎花连衣裙 Floral midi dress', '259.00', dressCode);
  draft = await create('真丝连衣裙 Silk dress (draft)', '899.00');
  await create('纯棉T恤 Cotton tee', '59.00');
  mustOk(await submitSpuForReview(merchant, { id: dress }));
  mustOk(await approveSpu(await world.as('catalog', ADMIN), { id: dress }));
}, 120_000);

const adminList = async (filter: Parameters<typeof listSpus>[2], sort?: Parameters<typeof listSpus>[3]) =>
  (await listSpus(await world.as('catalog', ADMIN), { first: 100 }, { shopId: world.shopA, ...filter }, sort)).nodes;

describe('product search', () => {
  it('finds 连衣裙 inside a Chinese product name, and a product by its SKU code', async () => {
    expect((await adminList({ keyword: '连衣裙' })).map((n) => n.id).sort()).toEqual([dress, draft].sort());
    expect((await adminList({ keyword: dressCode.toLowerCase() })).map((n) => n.id)).toEqual([dress]);
  });

  it('filters by price range and sorts by the lowest sale price', async () => {
    const ids = (await adminList({ minPrice: cny('100'), maxPrice: cny('300') })).map((n) => n.id);
    expect(ids).toEqual([dress]);
    const cheapFirst = await adminList({}, { field: 'PRICE', direction: 'ASC' });
    const prices = cheapFirst.map((n) => n.minSalePriceAmount);
    expect(prices).toEqual([...prices].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(prices.slice(0, 3)).toEqual([5900n, 25900n, 89900n]);
    const page = await listSpus(await world.as('catalog', ADMIN), { first: 1 }, { shopId: world.shopA }, { field: 'PRICE', direction: 'ASC' });
    const next = await listSpus(
      await world.as('catalog', ADMIN),
      { first: 1, after: page.pageInfo.endCursor },
      { shopId: world.shopA },
      { field: 'PRICE', direction: 'ASC' },
    );
    expect(next.nodes[0]!.minSalePriceAmount).toBe(25900n);
  });

  it('the storefront shows only products on sale', async () => {
    const customer = await world.as('catalog', CUSTOMER);
    const found = (await listProducts(customer, { first: 100 }, { keyword: '连衣裙' })).nodes.map((n) => n.id);
    expect(found).toEqual([dress]);
    expect(await findProduct(customer, draft)).toBeNull();
    expect(await findProduct(customer, dress)).toMatchObject({ id: dress });
  });

  it('cost price: the shop, operators and analysts (margins) see it; customers and other merchants get null', async () => {
    const row = { shopId: world.shopA, currency: 'CNY', amount: 5000n };
    for (const token of [merchantOf(world.shopA), ADMIN, ANALYST]) expect(costPrice(await world.as('catalog', token), row)).toEqual(cny('50.00'));
    for (const token of [CUSTOMER, merchantOf(world.shopB)]) expect(costPrice(await world.as('catalog', token), row)).toBeNull();
  });
});
