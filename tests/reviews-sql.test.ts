import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { completedOrders, createReview } from './support/reviews.ts';
import { buyableSkus } from './support/shopping.ts';

/**
 * A page of reviews with each one's reviewer (members, through the service client) and SKU with
 * its product (catalog, by federation): the statements per center do not grow with the page. Twenty
 * reviews of two shops' completed orders, written through createReview.
 */
let t: TestGraph;
let spuIds: string[];
beforeAll(async () => {
  t = await startTestGraph();
  const skus = [...(await buyableSkus(t, t.shopA, 10, 3)), ...(await buyableSkus(t, t.shopB, 10, 3))];
  const orders = await completedOrders(
    t,
    'reviews-sql',
    skus.map((s) => s.id),
  );
  for (const order of orders) {
    for (const [i, line] of order.lines.entries()) {
      const res = await createReview(t, { orderId: order.id, orderLineId: line.id, rating: 1 + (i % 5), text: `第 ${i + 1} 件：做工不错，物流很快，会回购。` });
      if (res.data?.result.userErrors.length || !res.data?.result.review) throw new Error(JSON.stringify(res));
    }
  }
  const res = await t.gql<{ reviews: { nodes: { spu: { id: string } }[] } }>('{ reviews(first: 20) { nodes { spu { id } } } }', undefined, t.tokens.admin);
  spuIds = [...new Set(res.data!.reviews.nodes.map((n) => n.spu.id))];
}, 240_000);
afterAll(async () => {
  await t?.stop();
});

const PAGE = `query($n: Int!) { reviews(first: $n) { totalCount nodes { id rating text reviewerName helpfulCount reply { text } sku { id code price { amount } spu { id name } } shop { id name rating { average count } } } } }`;
type Page = {
  reviews: { totalCount: number; nodes: { id: string; reviewerName: string; sku: { id: string; code: string; spu: { id: string; name: string } } }[] };
};

const perCenter = (snapshot: Record<string, number>) => Object.fromEntries(Object.entries(snapshot).filter(([center]) => !center.includes(':')));

describe('a page of reviews with reviewer and SKU', () => {
  it('costs the same statements per center for 2 reviews as for 20', async () => {
    const costOf = async (n: number) => {
      await t.gql(PAGE, { n }, t.tokens.admin); // a staff token's first request also looks its member up
      t.counter.reset();
      const res = await t.gql<Page>(PAGE, { n }, t.tokens.admin);
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect(res.data!.reviews.nodes).toHaveLength(n);
      return { page: res.data!.reviews.nodes, sql: perCenter(t.counter.snapshot()) };
    };
    const two = await costOf(2);
    const twenty = await costOf(20);
    expect(twenty.sql).toEqual(two.sql);
    // reviews: the page, its count, the shops' ratings; members: the names; catalog: SKUs, then their SPUs; shops: the shops.
    expect(twenty.sql).toEqual({ reviews: 3, members: 1, catalog: 2, shops: 1 });
    for (const review of twenty.page) {
      expect(review.reviewerName).toMatch(/\*/);
      expect(review.sku.spu.name.length).toBeGreaterThan(0);
    }
  });

  it('the storefront: a page of products, each with its rating and first reviews, costs the same for one product as for twenty', async () => {
    const query = `query($n: Int!, $shop: ID) { products(first: $n, filter: { shopId: $shop }) { nodes { id rating { average count distribution } reviews(first: 5, sort: MOST_HELPFUL) { totalCount nodes { id reviewerName sku { id } } } } } }`;
    type Products = { products: { nodes: { id: string; rating: { count: number }; reviews: { nodes: unknown[] } }[] } };
    const costOf = async (n: number) => {
      await t.gql(query, { n, shop: t.shopA }, t.tokens.customer);
      t.counter.reset();
      const res = await t.gql<Products>(query, { n, shop: t.shopA }, t.tokens.customer);
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      return { nodes: res.data!.products.nodes, sql: perCenter(t.counter.snapshot()) };
    };
    const one = await costOf(1);
    const many = await costOf(20);
    expect(many.sql.reviews).toBe(one.sql.reviews);
    // The reviewers' names: one members query for the whole page (none when the one product has no review).
    expect(many.sql.members).toBe(1);
    expect(one.sql.members ?? 0).toBeLessThanOrEqual(1);
    // The page holds reviewed products: the reviews written above are in it.
    const reviewed = many.nodes.filter((p) => spuIds.includes(p.id));
    expect(reviewed.length).toBeGreaterThan(1);
    for (const product of reviewed) expect(product.reviews.nodes.length).toBe(Math.min(5, product.rating.count));
  });
});
