import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';

let t: TestGraph;
beforeAll(async () => {
  t = await startTestGraph();
});
afterAll(async () => {
  await t?.stop();
});

type Sku = {
  id: string;
  code: string;
  costPrice: { amount: string } | null;
  salePrice: { amount: string };
  listPrice: { amount: string } | null;
  weightGrams: number;
};
type Spu = { id: string; status: string; shop: { id: string }; skus: Sku[] };
const FIELDS = 'id status shop { id } skus { id code salePrice { amount } listPrice { amount } costPrice { amount } weightGrams }';

describe('the storefront (CUSTOMER)', () => {
  it('lists only products on sale and never a cost price', async () => {
    const res = await t.gql<{ products: { totalCount: number; nodes: Spu[] } }>(
      `{ products(first: 100) { totalCount nodes { ${FIELDS} } } }`,
      undefined,
      t.tokens.customer,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.products.nodes.length).toBeGreaterThan(20);
    for (const spu of res.data!.products.nodes) {
      expect(spu.status).toBe('ON_SALE');
      for (const sku of spu.skus) expect(sku.costPrice).toBeNull();
    }
    const all = await t.gql<{ spus: { totalCount: number } }>('{ spus(first: 1) { totalCount } }', undefined, t.tokens.admin);
    expect(res.data!.products.totalCount).toBeLessThan(all.data!.spus.totalCount);
  });

  it('finds 连衣裙 by keyword; an unpublished product is null; the back-office lists stay closed', async () => {
    const dresses = await t.gql<{ products: { nodes: { name: string }[] } }>(
      '{ products(first: 10, filter: { keyword: "连衣裙" }) { nodes { name } } }',
      undefined,
      t.tokens.customer,
    );
    expect(dresses.data!.products.nodes.length).toBeGreaterThan(0);
    for (const n of dresses.data!.products.nodes) expect(n.name).toContain('连衣裙');
    const draft = await t.gql<{ spus: { nodes: { id: string }[] } }>(
      '{ spus(first: 1, filter: { status: DRAFT }) { nodes { id } } }',
      undefined,
      t.tokens.admin,
    );
    const hidden = await t.gql('query($id: ID!) { product(id: $id) { id } }', { id: draft.data!.spus.nodes[0]!.id }, t.tokens.customer);
    expect(hidden.data!.product).toBeNull();
    const backOffice = await t.gql('{ spus(first: 1) { nodes { id } } }', undefined, t.tokens.customer);
    expect(backOffice.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('cost price and the merchant portal', () => {
  it('the owning merchant, operators and analysts (margins) see cost; other merchants do not', async () => {
    const mine = await t.gql<{ spus: { nodes: Spu[] } }>(`{ spus(first: 5) { nodes { ${FIELDS} } } }`, undefined, t.tokens.merchantA);
    const sku = mine.data!.spus.nodes[0]!.skus[0]!;
    expect(sku.costPrice!.amount).toMatch(/^\d+\.\d{2}$/);
    expect(Number(sku.costPrice!.amount)).toBeLessThan(Number(sku.salePrice.amount));
    expect(sku.weightGrams).toBeGreaterThan(0);
    const query = `query($id: ID!) { sku(id: $id) { costPrice { amount } } }`;
    expect((await t.gql<{ sku: { costPrice: unknown } }>(query, { id: sku.id }, t.tokens.admin)).data!.sku.costPrice).toEqual(sku.costPrice);
    expect((await t.gql<{ sku: { costPrice: unknown } }>(query, { id: sku.id }, t.tokens.analyst)).data!.sku.costPrice).toEqual(sku.costPrice);
    expect((await t.gql(query, { id: sku.id }, t.tokens.merchantB)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Through the storefront another merchant reaches the product, still without its cost.
    const viaStore = await t.gql<{ products: { nodes: Spu[] } }>(
      `query($shop: ID!) { products(first: 5, filter: { shopId: $shop }) { nodes { ${FIELDS} } } }`,
      { shop: t.shopA },
      t.tokens.merchantB,
    );
    const viaStoreSkus = viaStore.data!.products.nodes.flatMap((n) => n.skus);
    // Non-empty first: `every` over an empty list passes even if cost leaked.
    expect(viaStoreSkus.length).toBeGreaterThan(0);
    expect(viaStoreSkus.every((s) => s.costPrice === null)).toBe(true);
  });

  it('bulk update through the gateway names the bad row and changes nothing', async () => {
    const mine = await t.gql<{ skus: { nodes: { id: string; salePrice: { amount: string } }[] } }>(
      '{ skus(first: 3) { nodes { id salePrice { amount } } } }',
      undefined,
      t.tokens.merchantA,
    );
    const rows = mine.data!.skus.nodes.map((s, i) => ({ skuId: s.id, salePrice: { amount: i === 2 ? '12.345' : '1.00', currencyCode: 'CNY' } }));
    const res = await t.gql<{ bulkUpdatePrices: { skus: null; userErrors: { field: string[]; code: string }[] } }>(
      'mutation($input: BulkUpdatePricesInput!) { bulkUpdatePrices(input: $input) { skus { id } userErrors { field code } } }',
      { input: { rows } },
      t.tokens.merchantA,
    );
    expect(res.data!.bulkUpdatePrices).toEqual({ skus: null, userErrors: [{ field: ['input', 'rows', '2', 'salePrice', 'amount'], code: 'INVALID' }] });
    const after = await t.gql<{ skus: { nodes: { salePrice: { amount: string } }[] } }>(
      '{ skus(first: 3) { nodes { salePrice { amount } } } }',
      undefined,
      t.tokens.merchantA,
    );
    expect(after.data!.skus.nodes.map((n) => n.salePrice.amount)).toEqual(mine.data!.skus.nodes.map((n) => n.salePrice.amount));
  });

  it('the demo catalogue has attributes on its categories and SKU matrices on its products', async () => {
    const res = await t.gql<{ spus: { nodes: { attributes: { kind: string }[]; category: { attributeDefinitions: { kind: string }[] }; skus: unknown[] }[] } }>(
      '{ spus(first: 50) { nodes { attributes { name value kind } category { attributeDefinitions { name kind required } } skus { id } } } }',
      undefined,
      t.tokens.admin,
    );
    const nodes = res.data!.spus.nodes;
    expect(nodes.some((n) => n.skus.length >= 6)).toBe(true);
    expect(nodes.some((n) => n.attributes.some((a) => a.kind === 'KEY'))).toBe(true);
    expect(nodes.some((n) => n.category.attributeDefinitions.some((d) => d.kind === 'SALES'))).toBe(true);
  });
});
