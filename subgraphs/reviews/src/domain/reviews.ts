import { and, eq, isNull } from 'drizzle-orm';
import {
  callerMember,
  can,
  forbidden,
  isId,
  isUniqueViolation,
  newId,
  ok,
  ordersService,
  Problems,
  requiredText,
  rowById,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import { reviews, shopScores, type ReviewRow } from '../db/tables.ts';
import { reviewSettings } from './config.ts';
import { ORDER_ID_PREFIX, ORDER_LINE_ID_PREFIX, REVIEW_ID_PREFIX } from './ids.ts';
import { moderate, openCases, refuseBlocked } from './moderation.ts';
import { afterMove } from './publication.ts';
import { addShopScores } from './ratings.ts';
import { reviewTenancy } from './tenancy.ts';

const MAX_TEXT = 1_000;
const MAX_IMAGES = 9;
const DAY_MS = 86_400_000;

export interface CreateReviewInput {
  orderId: string;
  orderLineId: string;
  rating: number;
  text: string;
  imageUrls?: string[] | null;
  anonymous?: boolean | null;
  shopScores?: { description: number; service: number; logistics: number } | null;
}

export function loadReview(ctx: RequestContext, id: string): Promise<ReviewRow | null> {
  return rowById(ctx, 'reviews.byId', reviews, REVIEW_ID_PREFIX, id);
}

/**
 * 评价: the customer reviews a line of their own order once it is COMPLETED (or DELIVERED, by
 * setting), within the window. The order center says whose the order is, how far it got and when
 * (`afterSaleOrder`, read at the moment of the review: a customer who just confirmed receipt can
 * review at once). The text and images are moderated before anything is written; the unique index
 * on the line keeps one review per line even when two arrive together.
 */
export async function createReview(ctx: RequestContext, input: CreateReviewInput): Promise<Result<ReviewRow>> {
  const memberId = callerMember(ctx, reviewTenancy);
  const problems = new Problems();
  if (!isId(ORDER_ID_PREFIX, input.orderId)) problems.add(['input', 'orderId'], 'INVALID_ID', `"${input.orderId}" is not an order id`);
  if (!isId(ORDER_LINE_ID_PREFIX, input.orderLineId)) problems.add(['input', 'orderLineId'], 'INVALID_ID', `"${input.orderLineId}" is not an order line id`);
  checkStars(problems, input.rating, ['input', 'rating'], 'A rating');
  const text = requiredText(problems, input.text, ['input', 'text'], 'Review text', MAX_TEXT);
  const imageUrls = checkImages(problems, input.imageUrls ?? [], ['input', 'imageUrls']);
  const scores = input.shopScores;
  if (scores) {
    for (const key of ['description', 'service', 'logistics'] as const) checkStars(problems, scores[key], ['input', 'shopScores', key], 'A score');
  }
  if (problems.any || !text) return problems.refuse();

  const { afterSaleOrder: order } = await ctx.services.call(ordersService.afterSaleOrder, { id: input.orderId });
  if (!order) return problems.add(['input', 'orderId'], 'NOT_FOUND', `Order ${input.orderId} not found`).refuse();
  if (order.memberId !== memberId) throw forbidden('This order belongs to another customer');
  const line = order.lines.find((l) => l.id === input.orderLineId);
  if (!line) return problems.add(['input', 'orderLineId'], 'NOT_FOUND', 'Not a line of this order').refuse();
  const doneAt = reviewableSince(order);
  if (!doneAt) {
    const after = reviewSettings().reviewAfter === 'DELIVERED' ? 'delivered' : 'completed';
    return problems.add(['input', 'orderId'], 'INVALID_TRANSITION', `A line is reviewed once its order is ${after}; this one is ${order.status}`).refuse();
  }
  problems.check(line.refundedQuantity < line.quantity, ['input', 'orderLineId'], 'INVALID', 'This line was refunded in full');
  const closes = new Date(doneAt.getTime() + reviewSettings().reviewWindowDays * DAY_MS);
  problems.check(ctx.now() <= closes, ['input', 'orderLineId'], 'EXPIRED', `Reviews of this order closed at ${closes.toISOString()}`);
  const [earlier] = await ctx.db.select({ id: reviews.id }).from(reviews).where(eq(reviews.orderLineId, line.id));
  if (earlier) problems.add(['input', 'orderLineId'], 'DUPLICATE', 'This line is already reviewed');
  if (scores) {
    const [scored] = await ctx.db.select({ orderId: shopScores.orderId }).from(shopScores).where(eq(shopScores.orderId, order.id));
    if (scored) problems.add(['input', 'shopScores'], 'DUPLICATE', 'The shop is already scored for this order');
  }
  if (problems.any) return problems.refuse();

  const outcome = await moderate(ctx, text, imageUrls);
  if (outcome.kind === 'BLOCKED') return refuseBlocked(problems, ['input', 'text']).refuse();
  try {
    const row = await ctx.db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(reviews)
        .values({
          id: newId(REVIEW_ID_PREFIX),
          orderId: order.id,
          orderLineId: line.id,
          shopId: order.shopId,
          memberId,
          spuId: line.spuId,
          skuId: line.skuId,
          rating: input.rating,
          text: outcome.text,
          imageUrls,
          hasImages: imageUrls.length > 0,
          anonymous: input.anonymous ?? true,
          status: outcome.kind === 'HOLD' ? 'PENDING_MODERATION' : 'PUBLISHED',
          publishedAt: outcome.kind === 'HOLD' ? null : ctx.now(),
          orderDoneAt: doneAt,
        })
        .returning();
      if (!inserted) throw new Error('insert returned no row');
      await openCases(tx, inserted, 'REVIEW', outcome.holds);
      await afterMove(ctx, tx, null, inserted);
      if (scores) {
        await tx.insert(shopScores).values({ orderId: order.id, shopId: order.shopId, memberId, ...scores });
        await addShopScores(tx, order.shopId, scores);
      }
      return inserted;
    });
    return ok(row);
  } catch (error) {
    if (isUniqueViolation(error, 'reviews_line_key')) return problems.add(['input', 'orderLineId'], 'DUPLICATE', 'This line is already reviewed').refuse();
    if (isUniqueViolation(error, 'shop_scores_pkey'))
      return problems.add(['input', 'shopScores'], 'DUPLICATE', 'The shop is already scored for this order').refuse();
    throw error;
  }
}

/** When the order became reviewable (completed, or delivered by setting); null while it is not. */
export function reviewableSince(order: Pick<ordersService.AfterSaleOrder, 'status' | 'deliveredAt' | 'completedAt'>): Date | null {
  const { reviewAfter } = reviewSettings();
  if (order.status === 'COMPLETED') {
    const at = reviewAfter === 'DELIVERED' ? (order.deliveredAt ?? order.completedAt) : order.completedAt;
    return at ? new Date(at) : null;
  }
  if (reviewAfter === 'DELIVERED' && order.status === 'DELIVERED' && order.deliveredAt) return new Date(order.deliveredAt);
  return null;
}

export interface FollowUpInput {
  reviewId: string;
  text: string;
  imageUrls?: string[] | null;
}

/** 追评: the author's one follow-up, within the follow-up window, moderated like the review. */
export async function addFollowUp(ctx: RequestContext, input: FollowUpInput): Promise<Result<ReviewRow>> {
  const problems = new Problems();
  const review = await loadReview(ctx, input.reviewId);
  if (!review) return problems.add(['input', 'reviewId'], 'NOT_FOUND', `Review ${input.reviewId} not found`).refuse();
  if (callerMember(ctx, reviewTenancy) !== review.memberId) throw forbidden('This review belongs to another customer');
  const text = requiredText(problems, input.text, ['input', 'text'], 'Follow-up text', MAX_TEXT);
  const imageUrls = checkImages(problems, input.imageUrls ?? [], ['input', 'imageUrls']);
  problems.check(review.followUpText === null, ['input', 'reviewId'], 'DUPLICATE', 'This review already has its follow-up');
  problems.check(review.status !== 'REJECTED', ['input', 'reviewId'], 'INVALID_TRANSITION', 'A rejected review takes no follow-up');
  const closes = new Date(review.orderDoneAt.getTime() + reviewSettings().followUpWindowDays * DAY_MS);
  problems.check(ctx.now() <= closes, ['input', 'reviewId'], 'EXPIRED', `Follow-ups of this review closed at ${closes.toISOString()}`);
  if (problems.any || !text) return problems.refuse();
  const outcome = await moderate(ctx, text, imageUrls);
  if (outcome.kind === 'BLOCKED') return refuseBlocked(problems, ['input', 'text']).refuse();
  const row = await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(reviews)
      .set({
        followUpText: outcome.text,
        followUpImageUrls: imageUrls,
        followUpStatus: outcome.kind === 'HOLD' ? 'PENDING_MODERATION' : 'PUBLISHED',
        followUpAt: ctx.now(),
        updatedAt: ctx.now(),
      })
      .where(and(eq(reviews.id, review.id), isNull(reviews.followUpText)))
      .returning();
    if (updated) await openCases(tx, updated, 'FOLLOW_UP', outcome.holds);
    return updated;
  });
  if (!row) return problems.add(['input', 'reviewId'], 'DUPLICATE', 'This review already has its follow-up').refuse();
  return ok(row);
}

/** Whether the caller may see the review's order, line and moderation details (its author, its shop, the platform). */
export const canReadPrivate = (ctx: RequestContext, review: ReviewRow) => can(ctx, reviewTenancy, review, 'read');

function checkStars(problems: Problems, value: number, field: string[], label: string): void {
  problems.check(Number.isInteger(value) && value >= 1 && value <= 5, field, 'OUT_OF_RANGE', `${label} is 1 to 5 stars`);
}

function checkImages(problems: Problems, urls: string[], field: string[]): string[] {
  problems.check(urls.length <= MAX_IMAGES, field, 'TOO_MANY', `At most ${MAX_IMAGES} images`);
  urls.forEach((url, i) => {
    const at = [...field, String(i)];
    if (!problems.check(url.length <= 500, at, 'TOO_LONG', 'An image URL is at most 500 characters')) return;
    problems.check(/^https?:\/\/[^\s]+$/.test(url), at, 'INVALID', 'An image is an http(s) URL');
  });
  return urls;
}
