import { demoMemberId } from '@zhongtai/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { completedOrders, createReview, productPage, reviewMutation, type CompletedOrder } from './support/reviews.ts';
import { buyableSkus } from './support/shopping.ts';

// Races need real row locks and parallel connections: PostgreSQL only.
describe.runIf(process.env.DATABASE_URL)('reviews under concurrency (PostgreSQL)', () => {
  let t: TestGraph;
  let order: CompletedOrder;

  beforeAll(async () => {
    t = await startTestGraph();
    const skus = await buyableSkus(t, t.shopA, 1, 3);
    order = (await completedOrders(t, 'reviews-race', [skus[0]!.id]))[0]!;
  }, 180_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('ten reviews of one line at once make one review and count once in the rating', async () => {
    const line = order.lines[0]!;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => createReview(t, { orderId: order.id, orderLineId: line.id, rating: 4, text: `并发评价 ${i}：东西很好` })),
    );
    const made = results.filter((r) => r.data?.result.review);
    expect(made).toHaveLength(1);
    expect(results.filter((r) => !r.data?.result.review).flatMap((r) => r.data!.result.userErrors.map((e) => e.code))).toEqual(Array(9).fill('DUPLICATE'));
    const page = await productPage(t, made[0]!.data!.result.review!.spu.id);
    expect(page.rating).toMatchObject({ count: 1, distribution: [0, 0, 0, 1, 0] });
  });

  it('ten helpful votes of one customer at once count once', async () => {
    const { myReviews } = (await t.gql<{ myReviews: { nodes: { id: string }[] } }>('{ myReviews(first: 1) { nodes { id } } }', undefined, t.tokens.customer))
      .data!;
    const voter = await t.graph.tokens.sign({ role: 'CUSTOMER', memberId: demoMemberId(2), subject: 'customer:b' });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => reviewMutation(t, 'markReviewHelpful', 'ReviewIdInput', { reviewId: myReviews.nodes[0]!.id }, voter)),
    );
    expect(results.filter((r) => r.data?.result.review)).toHaveLength(1);
    const review = await t.gql<{ review: { helpfulCount: number } }>(
      'query($id: ID!) { review(id: $id) { helpfulCount } }',
      { id: myReviews.nodes[0]!.id },
      t.tokens.customer,
    );
    expect(review.data!.review.helpfulCount).toBe(1);
  });
});
