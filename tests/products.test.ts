import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';

let t: TestGraph;
let categoryId: string;
let spuOfB: { id: string; name: string; skus: { id: string; price: { amount: string } }[] };

const CREATE_SPU = `mutation($input: CreateSpuInput!) {
  createSpu(input: $input) { spu { id name shop { id } skus { id code } } userErrors { field code message } }
}`;

const skuCount = async () =>
  (await t.gql<{ skus: { totalCount: number } }>('{ skus(first: 1) { totalCount } }', undefined, t.tokens.admin)).data!.skus.totalCount;

beforeAll(async () => {
  t = await startTestGraph();
  const roots = await t.gql<{ categories: { id: string; children?: unknown }[] }>('{ categories { id name } }', undefined, t.tokens.admin);
  categoryId = roots.data!.categories[0]!.id;
  const b = await t.gql<{ spus: { nodes: (typeof spuOfB)[] } }>(
    'query($shop: ID!) { spus(first: 1, filter: { shopId: $shop }) { nodes { id name skus { id price { amount } } } } }',
    { shop: t.shopB },
    t.tokens.admin,
  );
  spuOfB = b.data!.spus.nodes[0]!;
});
afterAll(async () => {
  await t?.stop();
});

const newSpu = (name: string, code: string, extra: Record<string, unknown> = {}) => ({
  // The demo root 数码 requires a 型号 Model (a KEY attribute inherited by everything below it).
  input: {
    shopId: t.shopA,
    categoryId,
    name,
    attributes: [{ name: '型号 Model', value: name }],
    skus: [{ code, salesAttributes: [{ name: '颜色', value: '黑色' }], price: { amount: '99.00', currencyCode: 'CNY' } }],
    ...extra,
  },
});

describe('merchant scoping', () => {
  it('merchant A cannot read merchant B products', async () => {
    const one = await t.gql('query($id: ID!) { spu(id: $id) { id name } }', { id: spuOfB.id }, t.tokens.merchantA);
    expect(one.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(one.data?.spu ?? null).toBeNull();
    const sku = await t.gql('query($id: ID!) { sku(id: $id) { id } }', { id: spuOfB.skus[0]!.id }, t.tokens.merchantA);
    expect(sku.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const list = await t.gql('query($shop: ID!) { spus(first: 5, filter: { shopId: $shop }) { nodes { id } } }', { shop: t.shopB }, t.tokens.merchantA);
    expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const viaShop = await t.gql('query($shop: ID!) { shop(id: $shop) { name spus(first: 5) { nodes { id } } } }', { shop: t.shopB }, t.tokens.merchantA);
    expect(viaShop.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('an unfiltered list shows a merchant only its own shop', async () => {
    const res = await t.gql<{ spus: { nodes: { shop: { id: string } }[] } }>('{ spus(first: 100) { nodes { shop { id } } } }', undefined, t.tokens.merchantA);
    expect(res.data!.spus.nodes.length).toBeGreaterThan(0);
    expect(new Set(res.data!.spus.nodes.map((n) => n.shop.id))).toEqual(new Set([t.shopA]));
  });

  it('merchant A cannot change merchant B products, and nothing changes', async () => {
    const update = await t.gql(
      'mutation($id: ID!) { updateSpu(input: { id: $id, name: "hacked" }) { spu { id } userErrors { code } } }',
      { id: spuOfB.id },
      t.tokens.merchantA,
    );
    expect(update.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const price = await t.gql(
      'mutation($id: ID!) { updateSku(input: { id: $id, price: { amount: "0.01", currencyCode: CNY } }) { sku { id } } }',
      { id: spuOfB.skus[0]!.id },
      t.tokens.merchantA,
    );
    expect(price.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const unpublish = await t.gql('mutation($id: ID!) { unpublishSpu(input: { id: $id }) { spu { id } } }', { id: spuOfB.id }, t.tokens.merchantA);
    expect(unpublish.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const create = await t.gql(CREATE_SPU, { input: { ...newSpu('Sneaky', 'SNEAKY-1').input, shopId: t.shopB } }, t.tokens.merchantA);
    expect(create.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const after = await t.gql<{ spu: typeof spuOfB }>(
      'query($id: ID!) { spu(id: $id) { id name skus { id price { amount } } } }',
      { id: spuOfB.id },
      t.tokens.admin,
    );
    expect(after.data!.spu).toEqual(spuOfB);
  });
});

describe('validation', () => {
  it('bad input gives userErrors with field and code, and nothing is written', async () => {
    const before = await skuCount();
    const res = await t.gql<{ createSpu: { spu: null; userErrors: { field: string[]; code: string }[] } }>(
      CREATE_SPU,
      {
        input: {
          shopId: t.shopA,
          categoryId: 'cat_01HK153X0000000000000ZZZZZ',
          brandId: 'not-an-id',
          name: '   ',
          skus: [
            { code: 'BAD-1', price: { amount: '-5.00', currencyCode: 'CNY' } },
            { code: 'BAD-1', price: { amount: '5.00', currencyCode: 'CNY' } },
          ],
        },
      },
      t.tokens.admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.createSpu.spu).toBeNull();
    const errors = res.data!.createSpu.userErrors.map((e) => `${e.field.join('.')}:${e.code}`);
    expect(errors).toEqual(
      expect.arrayContaining([
        'input.name:REQUIRED',
        'input.categoryId:NOT_FOUND',
        'input.brandId:INVALID_ID',
        'input.skus.0.price.amount:NEGATIVE',
        'input.skus.1.code:DUPLICATE',
      ]),
    );
    expect(await skuCount()).toBe(before);
  });

  it('a malformed id in a mutation is a userError, a malformed Decimal a BAD_USER_INPUT error', async () => {
    const res = await t.gql<{ updateSpu: { userErrors: { field: string[]; code: string }[] } }>(
      'mutation { updateSpu(input: { id: "spu_nope", name: "x" }) { spu { id } userErrors { field code } } }',
      undefined,
      t.tokens.admin,
    );
    expect(res.data!.updateSpu.userErrors).toEqual([{ field: ['input', 'id'], code: 'INVALID_ID' }]);
    const decimal = await t.gql(
      CREATE_SPU,
      { input: { ...newSpu('Float', 'FLOAT-1').input, skus: [{ code: 'F', price: { amount: 19.99, currencyCode: 'CNY' } }] } },
      t.tokens.admin,
    );
    expect(decimal.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a SKU code already used in the shop is TAKEN', async () => {
    const first = await t.gql<{ createSpu: { spu: { id: string } } }>(CREATE_SPU, newSpu('Taken test', 'TAKEN-1'), t.tokens.merchantA);
    expect(first.data!.createSpu.spu.id).toMatch(/^spu_/);
    const before = await skuCount();
    const again = await t.gql<{ createSpu: { userErrors: { field: string[]; code: string }[] } }>(
      CREATE_SPU,
      newSpu('Taken again', 'TAKEN-1'),
      t.tokens.merchantA,
    );
    expect(again.data!.createSpu.userErrors).toContainEqual(expect.objectContaining({ field: ['input', 'skus', '0', 'code'], code: 'TAKEN' }));
    expect(await skuCount()).toBe(before);
  });
});

describe('pagination', () => {
  const LIST = `query($first: Int, $after: String, $last: Int, $before: String, $dir: SortDirection!) {
    spus(first: $first, after: $after, last: $last, before: $before, filter: { shopId: "${'SHOP'}" }, sort: { field: CREATED_AT, direction: $dir }) {
      edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
    }
  }`;
  const list = (vars: Record<string, unknown>) =>
    t.gql<{
      spus: {
        edges: { cursor: string; node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string; startCursor: string };
      };
    }>(LIST.replace('SHOP', t.shopA), vars, t.tokens.admin);

  it('first: 101 is refused', async () => {
    const res = await t.gql('{ spus(first: 101) { nodes { id } } }', undefined, t.tokens.admin);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/at most 100/);
  });

  it('keyset pages stay correct while rows are inserted (ascending: new rows come last)', async () => {
    const all = (await list({ first: 100, dir: 'ASC' })).data!.spus.edges.map((e) => e.node.id);
    expect(all.length).toBeGreaterThan(25);
    const seen: string[] = [];
    const inserted: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page++) {
      const res = await list({ first: 10, after, dir: 'ASC' });
      seen.push(...res.data!.spus.edges.map((e) => e.node.id));
      if (page < 2) {
        const created = await t.gql<{ createSpu: { spu: { id: string } } }>(CREATE_SPU, newSpu(`Inserted ${page}`, `INS-ASC-${page}`), t.tokens.admin);
        inserted.push(created.data!.createSpu.spu.id);
      }
      if (!res.data!.spus.pageInfo.hasNextPage) break;
      after = res.data!.spus.pageInfo.endCursor;
    }
    expect(seen).toEqual([...all, ...inserted]);
  });

  it('keyset pages stay correct while rows are inserted (descending: new rows do not shift later pages)', async () => {
    const all = (await list({ first: 100, dir: 'DESC' })).data!.spus.edges.map((e) => e.node.id);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page++) {
      const res = await list({ first: 7, after, dir: 'DESC' });
      seen.push(...res.data!.spus.edges.map((e) => e.node.id));
      // Checked: if the insert failed silently the test would pass without any row inserted.
      const created = await t.gql<{ createSpu: { spu: { id: string } | null; userErrors: unknown[] } }>(
        CREATE_SPU,
        newSpu(`Inserted desc ${page}`, `INS-DESC-${page}`),
        t.tokens.admin,
      );
      expect(created.data!.createSpu.userErrors).toEqual([]);
      expect(created.data!.createSpu.spu!.id).toMatch(/^spu_/);
      if (!res.data!.spus.pageInfo.hasNextPage) break;
      after = res.data!.spus.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
  });

  it('last/before walks backwards through the same order', async () => {
    const forward = (await list({ first: 30, dir: 'ASC' })).data!.spus;
    const cursor = forward.edges[29]!.cursor;
    const back = (await list({ last: 10, before: cursor, dir: 'ASC' })).data!.spus;
    expect(back.edges.map((e) => e.node.id)).toEqual(forward.edges.slice(19, 29).map((e) => e.node.id));
    expect(back.pageInfo.hasPreviousPage).toBe(true);
    expect(back.pageInfo.hasNextPage).toBe(true);
  });

  it('totalCount counts the filtered set, not the page', async () => {
    const res = await t.gql<{ spus: { totalCount: number; nodes: unknown[] } }>(
      `{ spus(first: 3, filter: { shopId: "${t.shopA}" }) { totalCount nodes { id } } }`,
      undefined,
      t.tokens.admin,
    );
    expect(res.data!.spus.nodes).toHaveLength(3);
    expect(res.data!.spus.totalCount).toBeGreaterThan(3);
  });
});
