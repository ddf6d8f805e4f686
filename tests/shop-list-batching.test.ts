import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';

/**
 * A page of shops with each shop's status history and first products: the SQL a request costs
 * does not grow with the number of shops (the histories load in one query, the products of all
 * shops of the page in one, their counts in one more).
 */
let t: TestGraph;
beforeAll(async () => {
  t = await startTestGraph();
});
afterAll(async () => {
  await t?.stop();
});

const QUERY = `query($n: Int!) { shops(first: $n) { nodes { id statusHistory { to } spus(first: 3, sort: { field: NAME, direction: ASC }) { totalCount nodes { id shop { id } } } } } }`;
type Page = {
  shops: { nodes: { id: string; statusHistory: { to: string }[]; spus: { totalCount: number; nodes: { id: string; shop: { id: string } }[] } }[] };
};

describe('a page of shops with their history and products', () => {
  it('costs the same statements for one shop as for four', async () => {
    const costOf = async (n: number) => {
      await t.gql(QUERY, { n }, t.tokens.admin); // a staff token's first request also looks its member up
      t.counter.reset();
      const res = await t.gql<Page>(QUERY, { n }, t.tokens.admin);
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect(res.data!.shops.nodes).toHaveLength(n);
      return { page: res.data!.shops.nodes, sql: Object.fromEntries(Object.entries(t.counter.snapshot()).filter(([center]) => !center.includes(':'))) };
    };
    const one = await costOf(1);
    const four = await costOf(4);
    expect(four.sql).toEqual(one.sql);
    expect(four.sql.catalog).toBe(2);
    // Each shop got its own products (the same page as asking for that shop alone).
    for (const shop of four.page) {
      for (const spu of shop.spus.nodes) expect(spu.shop.id).toBe(shop.id);
      const alone = await t.gql<{ shop: { spus: { totalCount: number; nodes: { id: string }[] } } }>(
        'query($id: ID!) { shop(id: $id) { spus(first: 3, sort: { field: NAME, direction: ASC }) { totalCount nodes { id } } } }',
        { id: shop.id },
        t.tokens.admin,
      );
      expect(shop.spus.nodes.map((s) => s.id)).toEqual(alone.data!.shop.spus.nodes.map((s) => s.id));
      expect(shop.spus.totalCount).toBe(alone.data!.shop.spus.totalCount);
    }
    expect(four.page.some((s) => s.spus.nodes.length > 0)).toBe(true);
  });
});
