import { demoMemberId } from '@zhongtai/kit';
import { waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { deliveredOrder } from './support/aftersales.ts';
import { completedOrders, createReview, paidOrders, productPage, reviewMutation, type CompletedOrder } from './support/reviews.ts';
import { buyableSkus } from './support/shopping.ts';

/**
 * 评价 through the gateway: a customer reviews the lines of a completed order; moderation holds,
 * masks or refuses; the shop replies; operators hide and restore; ratings follow publication.
 * The demo sensitive-word list is seeded (subgraphs/reviews/src/seed/words.ts).
 */
describe('reviews', () => {
  let t: TestGraph;
  let customerB: string;
  let order: CompletedOrder;
  let paid: CompletedOrder;
  const spuOf = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestGraph();
    customerB = await t.graph.tokens.sign({ role: 'CUSTOMER', memberId: demoMemberId(2), subject: 'customer:b' });
    const skus = await buyableSkus(t, t.shopA, 6, 5);
    order = (
      await completedOrders(
        t,
        'reviews-completed',
        skus.slice(0, 5).map((s) => s.id),
      )
    )[0]!;
    paid = (await paidOrders(t, 'reviews-paid', [skus[5]!.id]))[0]!;
    const res = await t.gql<{ skus: { nodes: { id: string; spu: { id: string } }[] } }>(
      'query($shop: ID!) { skus(first: 100, filter: { shopId: $shop }) { nodes { id spu { id } } } }',
      { shop: t.shopA },
      t.tokens.admin,
    );
    for (const sku of res.data!.skus.nodes) spuOf.set(sku.id, sku.spu.id);
  }, 180_000);
  afterAll(async () => {
    await t?.stop();
  });

  const line = (i: number) => order.lines[i]!;
  const base = (i: number) => ({ orderId: order.id, orderLineId: line(i).id });
  const codes = (res: { data?: { result: { userErrors: { code: string }[] } } | null }) => res.data!.result.userErrors.map((e) => e.code);

  it('a customer reviews a line of a completed order; a second review of the line, another member and an order not yet completed are refused', async () => {
    const spu = spuOf.get(line(0).skuId)!;
    const before = await productPage(t, spu);

    const notDone = await createReview(t, { orderId: paid.id, orderLineId: paid.lines[0]!.id, rating: 5, text: '还没收到就想评价' });
    expect(codes(notDone)).toEqual(['INVALID_TRANSITION']);
    const stranger = await createReview(t, { ...base(0), rating: 1, text: '不是我的订单' }, customerB);
    expect(stranger.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const badStars = await createReview(t, { ...base(0), rating: 6, text: '六星' });
    expect(codes(badStars)).toEqual(['OUT_OF_RANGE']);

    const made = await createReview(t, {
      ...base(0),
      rating: 5,
      text: '质量很好，物流也快，包装完整，五星好评！',
      imageUrls: ['https://img.example.com/u/photo-1.jpg'],
      shopScores: { description: 5, service: 4, logistics: 3 },
    });
    expect(made.data!.result.userErrors).toEqual([]);
    const review = made.data!.result.review!;
    expect(review).toMatchObject({ status: 'PUBLISHED', rating: 5, anonymous: true, spu: { id: spu }, sku: { id: line(0).skuId } });
    // The demo member's name, masked: its first and last characters only.
    expect(review.reviewerName).toMatch(/^.\*+.?$/u);

    const again = await createReview(t, { ...base(0), rating: 4, text: '再评一次' });
    expect(codes(again)).toEqual(['DUPLICATE']);

    const after = await productPage(t, spu);
    expect(after.rating.count).toBe(before.rating.count + 1);
    expect(after.rating.distribution[4]).toBe(before.rating.distribution[4]! + 1);
    expect(after.reviews.nodes.map((r) => r.id)).toContain(review.id);
    const shop = await t.gql<{ shop: { rating: { count: number; description: number; service: number; logistics: number; scoreCount: number } } }>(
      'query($id: ID!) { shop(id: $id) { rating { count description service logistics scoreCount } } }',
      { id: t.shopA },
      t.tokens.customer,
    );
    expect(shop.data!.shop.rating).toMatchObject({ description: 5, service: 4, logistics: 3, scoreCount: 1 });
    expect(shop.data!.shop.rating.count).toBeGreaterThanOrEqual(1);

    const scoredAgain = await createReview(t, { ...base(1), rating: 4, text: '第二件也不错', shopScores: { description: 1, service: 1, logistics: 1 } });
    expect(codes(scoredAgain)).toEqual(['DUPLICATE']);
  });

  it('BLOCK refuses without naming the word, REVIEW holds for the queue, MASK publishes with stars', async () => {
    const mine = async () =>
      (await t.gql<{ myReviews: { totalCount: number } }>('{ myReviews(first: 1) { totalCount } }', undefined, t.tokens.customer)).data!.myReviews.totalCount;
    const count = await mine();
    const blocked = await createReview(t, { ...base(1), rating: 1, text: 'what a ｆ.ｕ.Ｃ.ｋ product' });
    expect(codes(blocked)).toEqual(['INVALID']);
    expect(blocked.data!.result.userErrors[0]!.message.toLowerCase()).not.toContain('fuck');
    expect(await mine()).toBe(count);

    const spu = spuOf.get(line(1).skuId)!;
    const before = await productPage(t, spu);
    const held = await createReview(t, { ...base(1), rating: 2, text: '想要优惠的 加 微-信 聊' });
    expect(held.data!.result.review).toMatchObject({ status: 'PENDING_MODERATION' });
    const heldId = held.data!.result.review!.id;
    expect((await productPage(t, spu)).reviews.nodes.map((r) => r.id)).not.toContain(heldId);
    expect((await productPage(t, spu)).rating.count).toBe(before.rating.count);
    const unseen = await t.gql('query($id: ID!) { review(id: $id) { id } }', { id: heldId }, customerB);
    expect(unseen.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const queue = await t.gql<{ moderationCases: { nodes: { id: string; part: string; reason: string; findings: string[]; review: { id: string } }[] } }>(
      '{ moderationCases(first: 50) { nodes { id part reason findings review { id } } } }',
      undefined,
      t.tokens.admin,
    );
    const open = queue.data!.moderationCases.nodes.find((c) => c.review.id === heldId)!;
    expect(open).toMatchObject({ part: 'REVIEW', reason: 'SENSITIVE_WORDS', findings: ['加微信'] });
    const notTheirs = await t.gql('{ moderationCases(first: 5) { nodes { id } } }', undefined, t.tokens.merchantA);
    expect(notTheirs.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const approved = await t.gql<{ decideModerationCase: { moderationCase: { status: string } } }>(
      'mutation($id: ID!) { decideModerationCase(input: { id: $id, decision: APPROVE, note: "合规" }) { moderationCase { status } userErrors { code } } }',
      { id: open.id },
      t.tokens.admin,
    );
    expect(approved.data!.decideModerationCase.moderationCase.status).toBe('APPROVED');
    const published = await productPage(t, spu);
    expect(published.reviews.nodes.find((r) => r.id === heldId)).toMatchObject({ status: 'PUBLISHED' });
    expect(published.rating.count).toBe(before.rating.count + 1);

    const masked = await createReview(t, { ...base(2), rating: 3, text: '客服是个垃-圾，东西还行', anonymous: false });
    expect(masked.data!.result.review).toMatchObject({ status: 'PUBLISHED', text: '客服是个***，东西还行', anonymous: false });
    expect(masked.data!.result.review!.reviewerName).not.toContain('*');
  });

  it('Spu.rating changes on hide and on restore; only published reviews reach the storefront', async () => {
    const { nodes } = (
      await t.gql<{ myReviews: { nodes: { id: string; status: string; spu: { id: string }; rating: number }[] } }>(
        '{ myReviews(first: 20) { nodes { id status rating spu { id } } } }',
        undefined,
        t.tokens.customer,
      )
    ).data!.myReviews;
    const review = nodes.find((r) => r.status === 'PUBLISHED')!;
    const before = await productPage(t, review.spu.id);

    const byMerchant = await reviewMutation(t, 'hideReview', 'ReviewReasonInput', { reviewId: review.id, reason: '商家不喜欢' }, t.tokens.merchantA);
    expect(byMerchant.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const hidden = await reviewMutation(t, 'hideReview', 'ReviewReasonInput', { reviewId: review.id, reason: '涉嫌广告' }, t.tokens.admin);
    expect(hidden.data!.result.review).toMatchObject({ status: 'HIDDEN', statusReason: '涉嫌广告' });
    const whileHidden = await productPage(t, review.spu.id);
    expect(whileHidden.rating.count).toBe(before.rating.count - 1);
    expect(whileHidden.rating.distribution[review.rating - 1]).toBe(before.rating.distribution[review.rating - 1]! - 1);
    expect(whileHidden.reviews.nodes.map((r) => r.id)).not.toContain(review.id);
    const twice = await reviewMutation(t, 'hideReview', 'ReviewReasonInput', { reviewId: review.id, reason: '再藏' }, t.tokens.admin);
    expect(codes(twice)).toEqual(['INVALID_TRANSITION']);

    const restored = await reviewMutation(t, 'restoreReview', 'ReviewReasonInput', { reviewId: review.id, reason: '申诉成功' }, t.tokens.admin);
    expect(restored.data!.result.review!.status).toBe('PUBLISHED');
    const back = await productPage(t, review.spu.id);
    expect(back.rating).toEqual(before.rating);
    expect(back.reviews.nodes.map((r) => r.id)).toContain(review.id);
  });

  it('a merchant replies once, to its own shop’s reviews only; customers vote helpful once and report', async () => {
    const { nodes } = (
      await t.gql<{ myReviews: { nodes: { id: string; status: string; spu: { id: string } }[] } }>(
        '{ myReviews(first: 20) { nodes { id status spu { id } } } }',
        undefined,
        t.tokens.customer,
      )
    ).data!.myReviews;
    const review = nodes.find((r) => r.status === 'PUBLISHED')!;
    const reply = (text: string, token: string) => reviewMutation(t, 'replyToReview', 'ReplyToReviewInput', { reviewId: review.id, text }, token);

    expect((await reply('谢谢支持', t.tokens.merchantB)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(codes(await reply('你个傻-逼', t.tokens.merchantA))).toEqual(['INVALID']);
    const replied = await reply('感谢您的好评，期待再次光临！', t.tokens.merchantA);
    expect(replied.data!.result.review!.reply).toEqual({ text: '感谢您的好评，期待再次光临！', status: 'PUBLISHED' });
    expect(codes(await reply('再回复一次', t.tokens.merchantA))).toEqual(['DUPLICATE']);

    const vote = (token: string) => reviewMutation(t, 'markReviewHelpful', 'ReviewIdInput', { reviewId: review.id }, token);
    expect((await vote(customerB)).data!.result.review!.helpfulCount).toBe(1);
    expect(codes(await vote(customerB))).toEqual(['DUPLICATE']);
    expect(codes(await vote(t.tokens.customer))).toEqual(['INVALID']);
    const helpful = await productPage(t, review.spu.id, 'first: 1, sort: MOST_HELPFUL');
    expect(helpful.reviews.nodes[0]!.id).toBe(review.id);

    const report = await reviewMutation(t, 'reportReview', 'ReportReviewInput', { reviewId: review.id, reason: '内容不实' }, customerB);
    expect(report.data!.result.userErrors).toEqual([]);
    const cases = await t.gql<{ moderationCases: { nodes: { reason: string; findings: string[]; review: { id: string; status: string } }[] } }>(
      '{ moderationCases(first: 50) { nodes { reason findings review { id status } } } }',
      undefined,
      t.tokens.admin,
    );
    expect(cases.data!.moderationCases.nodes.find((c) => c.review.id === review.id)).toEqual({
      reason: 'REPORT',
      findings: ['内容不实'],
      review: { id: review.id, status: 'PUBLISHED' },
    });
  });

  it('one follow-up (追评), moderated; a banned image holds it', async () => {
    const { nodes } = (
      await t.gql<{ myReviews: { nodes: { id: string; status: string }[] } }>('{ myReviews(first: 20) { nodes { id status } } }', undefined, t.tokens.customer)
    ).data!.myReviews;
    const review = nodes.find((r) => r.status === 'PUBLISHED')!;
    const hash = 'a'.repeat(64);
    const banned = await t.gql<{ addBannedImage: { userErrors: unknown[] } }>(
      'mutation($h: String!) { addBannedImage(input: { hash: $h, note: "违规图片" }) { bannedImage { id } userErrors { code } } }',
      { h: hash },
      t.tokens.admin,
    );
    expect(banned.data!.addBannedImage.userErrors).toEqual([]);
    const followUp = (text: string, imageUrls: string[] = [], token = t.tokens.customer) =>
      reviewMutation(t, 'addFollowUpReview', 'AddFollowUpReviewInput', { reviewId: review.id, text, imageUrls }, token);
    expect((await followUp('别人的评价', [], customerB)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const held = await followUp('用了一个月，依然很好', [`https://img.example.com/u/${hash}.jpg`]);
    expect(held.data!.result.review!.followUp).toEqual({ text: '用了一个月，依然很好', status: 'PENDING_MODERATION' });
    expect(codes(await followUp('再追评'))).toEqual(['DUPLICATE']);
    // Others do not see a follow-up still held.
    const seen = await t.gql<{ review: { followUp: unknown } }>('query($id: ID!) { review(id: $id) { followUp { text } } }', { id: review.id }, customerB);
    expect(seen.data!.review.followUp).toBeNull();
  });

  it('a published review with enough text earns review points once (members center, by event)', async () => {
    type Entry = { kind: string; orderId: string | null; points: number };
    const entries = async () =>
      (
        await t.gql<{ me: { pointsEntries: { nodes: Entry[] } } }>(
          '{ me { pointsEntries(first: 100, filter: { kind: REVIEW }) { nodes { kind orderId points } } } }',
          undefined,
          t.tokens.customer,
        )
      ).data!.me.pointsEntries.nodes;
    const short = await createReview(t, { ...base(3), rating: 4, text: '还行' });
    const long = await createReview(t, { ...base(4), rating: 5, text: '坚果很新鲜，口感酥脆，分量足，家人都喜欢吃。' });
    const longId = long.data!.result.review!.id;
    const earned = await waitFor(async () => (await entries()).find((e) => e.orderId === longId), { what: 'review points' });
    expect(earned).toEqual({ kind: 'REVIEW', orderId: longId, points: 10 });
    // Hide and restore publish it again; it earns nothing more. The short one earns nothing.
    for (const name of ['hideReview', 'restoreReview'])
      await reviewMutation(t, name, 'ReviewReasonInput', { reviewId: longId, reason: '复核' }, t.tokens.admin);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const all = await entries();
    expect(all.filter((e) => e.orderId === longId)).toHaveLength(1);
    expect(all.some((e) => e.orderId === short.data!.result.review!.id)).toBe(false);
  });
  it('windows and the DELIVERED setting: a delivered order is reviewable only by setting; reviews and follow-ups close after their windows', async () => {
    const settings = { ...process.env };
    try {
      await deliveredOrder(t, paid.id);
      const input = { orderId: paid.id, orderLineId: paid.lines[0]!.id, rating: 4, text: '送到了，还没确认收货' };
      expect(codes(await createReview(t, input))).toEqual(['INVALID_TRANSITION']);

      // The window runs from delivery here: a window of about 0.9 s closes while we wait.
      process.env.REVIEW_AFTER = 'DELIVERED';
      process.env.REVIEW_WINDOW_DAYS = '0.00001';
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(codes(await createReview(t, input))).toEqual(['EXPIRED']);

      process.env.REVIEW_WINDOW_DAYS = '30';
      const made = await createReview(t, input);
      expect(made.data!.result.review).toMatchObject({ status: 'PUBLISHED', rating: 4 });
      process.env.REVIEW_FOLLOW_UP_DAYS = '0.00001';
      const late = await reviewMutation(
        t,
        'addFollowUpReview',
        'AddFollowUpReviewInput',
        { reviewId: made.data!.result.review!.id, text: '追评' },
        t.tokens.customer,
      );
      expect(codes(late)).toEqual(['EXPIRED']);
    } finally {
      for (const key of ['REVIEW_AFTER', 'REVIEW_WINDOW_DAYS', 'REVIEW_FOLLOW_UP_DAYS']) {
        if (settings[key] === undefined) delete process.env[key];
        else process.env[key] = settings[key];
      }
    }
  });
  it('operators add, reclassify and remove words; the next text is screened with the list as it is now', async () => {
    const words = (input: Record<string, unknown>, token = t.tokens.admin) =>
      t.gql<{ addSensitiveWords: { words: { id: string; word: string; wordClass: string }[] | null; userErrors: { code: string }[] } }>(
        'mutation($input: AddSensitiveWordsInput!) { addSensitiveWords(input: $input) { words { id word wordClass } userErrors { code } } }',
        { input },
        token,
      );
    expect((await words({ words: [{ word: '差评师', wordClass: 'MASK' }] }, t.tokens.merchantA)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await words({ words: [{ word: ' .,!', wordClass: 'MASK' }] })).data!.addSensitiveWords.userErrors.map((e) => e.code)).toEqual(['INVALID']);
    const added = (await words({ words: [{ word: '差评师', wordClass: 'MASK' }] })).data!.addSensitiveWords.words![0]!;

    const { nodes } = (
      await t.gql<{ myReviews: { nodes: { id: string; status: string; reply: unknown } }[] }>(
        '{ myReviews(first: 20) { nodes { id status reply { text } } } }',
        undefined,
        t.tokens.customer,
      )
    ).data!.myReviews as unknown as { nodes: { id: string; status: string; reply: unknown }[] };
    const [x, y, z] = nodes.filter((r) => r.reply === null && r.status !== 'REJECTED');
    const reply = (id: string, text: string) => reviewMutation(t, 'replyToReview', 'ReplyToReviewInput', { reviewId: id, text }, t.tokens.merchantA);

    expect((await reply(x!.id, '请别理会差评师的话')).data!.result.review!.reply!.text).toBe('请别理会***的话');
    // Reclassified (the same word, however it is written, is one entry): now it refuses.
    const again = (await words({ words: [{ word: '差 評 師', wordClass: 'BLOCK' }] })).data!.addSensitiveWords.words![0]!;
    expect(again).toMatchObject({ id: added.id, wordClass: 'BLOCK' });
    expect(codes(await reply(y!.id, '差-评-师 又来了'))).toEqual(['INVALID']);
    const removed = await t.gql<{ removeSensitiveWord: { removedId: string } }>(
      'mutation($id: ID!) { removeSensitiveWord(input: { id: $id }) { removedId userErrors { code } } }',
      { id: added.id },
      t.tokens.admin,
    );
    expect(removed.data!.removeSensitiveWord.removedId).toBe(added.id);
    expect((await reply(z!.id, '差评师也是顾客')).data!.result.review!.reply).toEqual({ text: '差评师也是顾客', status: 'PUBLISHED' });
  });
});
