import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';

let t: TestGraph;
beforeAll(async () => {
  t = await startTestGraph();
});
afterAll(async () => {
  await t?.stop();
});

describe('federated joins through the gateway', () => {
  it('catalog -> shops: Sku.shop is resolved by the shops center', async () => {
    const res = await t.gql<{ skus: { nodes: { code: string; shop: { id: string; name: string; status: string } }[] } }>(
      '{ skus(first: 20) { nodes { code shop { id name status } } } }',
      undefined,
      t.tokens.admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.skus.nodes).toHaveLength(20);
    for (const sku of res.data!.skus.nodes) {
      expect(sku.shop.id).toMatch(/^shp_/);
      expect(sku.shop.name.length).toBeGreaterThan(0);
    }
  });

  it('shops -> catalog: Shop.spus is resolved by the catalog center', async () => {
    const res = await t.gql<{ shop: { name: string; spus: { totalCount: number; nodes: { name: string; shop: { id: string } }[] } } }>(
      'query($id: ID!) { shop(id: $id) { name spus(first: 5) { totalCount nodes { name shop { id } } } } }',
      { id: t.shopA },
      t.tokens.admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.shop.name).toContain('Huawei');
    expect(res.data!.shop.spus.nodes.length).toBe(5);
    expect(res.data!.shop.spus.totalCount).toBeGreaterThan(5);
    for (const spu of res.data!.shop.spus.nodes) expect(spu.shop.id).toBe(t.shopA);
  });

  it('a merchant sees its own shop with its products, both ways', async () => {
    const res = await t.gql<{ myShop: { id: string; spus: { nodes: { skus: { shop: { name: string } }[] }[] } } }>(
      '{ myShop { id spus(first: 3) { nodes { skus { shop { name } } } } } }',
      undefined,
      t.tokens.merchantA,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.myShop.id).toBe(t.shopA);
    expect(res.data!.myShop.spus.nodes.flatMap((n) => n.skus).length).toBeGreaterThan(0);
  });

  it('a page of 50 SKUs with their shops costs one SQL query in shops', async () => {
    t.counter.reset();
    const res = await t.gql<{ skus: { nodes: { shop: { name: string } }[] } }>(
      '{ skus(first: 50) { nodes { id code shop { id name status } } } }',
      undefined,
      t.tokens.admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.skus.nodes).toHaveLength(50);
    expect(new Set(res.data!.skus.nodes.map((n) => n.shop.name)).size).toBeGreaterThan(1);
    expect(t.counter.count('shops')).toBe(1);
  });

  it('a page of 50 SPUs with SKUs, categories and brands costs a constant number of catalog queries', async () => {
    const query = '{ spus(first: 50) { nodes { name category { name } brand { name } skus { code price { amount } } } } }';
    t.counter.reset();
    await t.gql(query, undefined, t.tokens.admin);
    const fifty = t.counter.count('catalog');
    const res = await t.gql('{ spus(first: 5) { nodes { name category { name } brand { name } skus { code } } } }', undefined, t.tokens.admin);
    expect(res.errors).toBeUndefined();
    t.counter.reset();
    await t.gql(query.replace('first: 50', 'first: 5'), undefined, t.tokens.admin);
    expect(t.counter.count('catalog')).toBe(fifty);
    expect(fifty).toBeLessThanOrEqual(4);
  });

  it('a product list page of 50 with category, brand and shop costs the same SQL queries as a page of 5', async () => {
    const page = (n: number) => `{ spus(first: ${n}, sort: { field: PRICE, direction: ASC }) {
      nodes { name minSalePrice { amount } category { name } brand { name } shop { name } skus { code salePrice { amount } costPrice { amount } } }
    } }`;
    const costOf = async (n: number) => {
      t.counter.reset();
      const res = await t.gql<{ spus: { nodes: { shop: { name: string }; brand: { name: string } | null }[] } }>(page(n), undefined, t.tokens.admin);
      expect(res.errors).toBeUndefined();
      expect(res.data!.spus.nodes).toHaveLength(n);
      return { catalog: t.counter.count('catalog'), shops: t.counter.count('shops'), shopNames: new Set(res.data!.spus.nodes.map((s) => s.shop.name)).size };
    };
    const fifty = await costOf(50);
    const five = await costOf(5);
    expect(fifty.shopNames).toBeGreaterThan(1);
    expect(fifty.catalog).toBe(five.catalog);
    expect(fifty.shops).toBe(five.shops);
    expect(fifty.shops).toBe(1);
    expect(fifty.catalog).toBeLessThanOrEqual(4);
  });
});
