import type { CenterRuntime } from '@zhongtai/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';

/**
 * Centers run operations compiled (graphql-jit, the default) or interpreted (graphql-js). The
 * two must answer alike, data and errors, for what the graph relies on: lazy counts, guarded
 * fields, entity resolution, variables that do not fit, mutations' userErrors, nulls in lists.
 */
let t: TestGraph;
const runtimes: Record<string, { compiled: CenterRuntime; interpreted: CenterRuntime }> = {};

beforeAll(async () => {
  t = await startTestGraph();
  for (const name of ['catalog', 'orders', 'inventory']) {
    const compiled = t.graph.host!.center(name);
    runtimes[name] = { compiled, interpreted: compiled.withExecution('interpreted') };
  }
});
afterAll(async () => {
  await t?.stop();
});

const headers = (token: string) => new Headers({ authorization: `Bearer ${token}` });

async function both(center: string, token: string, query: string, variables?: Record<string, unknown>) {
  const { compiled, interpreted } = runtimes[center]!;
  // The first run of a document is interpreted; the second compiles it.
  await compiled.execute({ query, variables }, headers(token));
  const [a, b] = await Promise.all([compiled.execute({ query, variables }, headers(token)), interpreted.execute({ query, variables }, headers(token))]);
  expect(compiled.runsCompiled(query)).toBe(true);
  expect(interpreted.runsCompiled(query)).toBe(false);
  // As the wire carries them: errors formatted, extensions included.
  const wire = (r: Awaited<typeof a>) => JSON.parse(JSON.stringify({ data: r.data, errors: r.errors?.map((e) => ('toJSON' in e ? e.toJSON() : e)) }));
  return { compiled: wire(a), interpreted: wire(b) };
}

describe('compiled and interpreted execution answer alike', () => {
  it('a page with its lazy totalCount, nested lists and money', async () => {
    const r = await both(
      'catalog',
      t.tokens.customer,
      '{ products(first: 5) { totalCount nodes { id name skus { id code salePrice { amount currencyCode } } } pageInfo { hasNextPage endCursor } } }',
    );
    expect(r.compiled.data.products.nodes.length).toBeGreaterThan(0);
    expect(r.compiled.data.products.totalCount).toBeGreaterThan(0);
    expect(r.compiled).toEqual(r.interpreted);
  });

  it('a field the caller may not read: the same error, the same nulls', async () => {
    const r = await both('catalog', t.tokens.customer, '{ products(first: 2) { nodes { id statusHistory { to at } } } }');
    expect(r.compiled.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(r.compiled).toEqual(r.interpreted);
  });

  it('variables that do not fit', async () => {
    const r = await both('catalog', t.tokens.customer, 'query P($n: Int!) { products(first: $n) { nodes { id } } }', { n: 'five' });
    expect(r.compiled.data).toBeUndefined();
    // The wording differs by a clause (graphql-jit adds "Expected type Int"); the code and the place do not.
    const same = {
      message: expect.stringMatching(/^Variable "\$n" got invalid value "five"; .*Int cannot represent non-integer value/),
      extensions: { code: 'BAD_USER_INPUT' },
    };
    expect(r.compiled.errors).toEqual([expect.objectContaining(same)]);
    expect(r.interpreted.errors).toEqual([expect.objectContaining(same)]);
    expect(r.compiled.errors[0].locations).toEqual(r.interpreted.errors[0].locations);
  });

  it('entity resolution, with a representation that resolves to nothing', async () => {
    const page = await t.gql<{ skus: { nodes: { id: string }[] } }>('{ skus(first: 3) { nodes { id } } }', undefined, t.tokens.admin);
    const representations = [
      ...page.data!.skus.nodes.map((s) => ({ __typename: 'Sku', id: s.id })),
      { __typename: 'Sku', id: 'sku_00000000000000000000000000' },
    ];
    const query = 'query E($r: [_Any!]!) { _entities(representations: $r) { ... on Sku { id stock { inStock available } } } }';
    const r = await both('inventory', t.tokens.admin, query, { r: representations });
    expect(r.compiled.data._entities).toHaveLength(4);
    expect(r.compiled).toEqual(r.interpreted);
  });

  it("a mutation's userErrors", async () => {
    const r = await both(
      'catalog',
      t.tokens.admin,
      'mutation { moveCategory(input: { id: "cat_00000000000000000000000000" }) { category { id } userErrors { field code message } } }',
    );
    expect(r.compiled.data.moveCategory.userErrors.length).toBeGreaterThan(0);
    expect(r.compiled).toEqual(r.interpreted);
  });

  it('an order list with lines (the order list of the bench, in its own center)', async () => {
    const query = '{ orders(first: 10) { totalCount nodes { id status createdAt payable { amount } lines { id quantity finalAmount { amount } } } } }';
    const r = await both('orders', t.tokens.admin, query);
    expect(r.compiled).toEqual(r.interpreted);
  });
});
