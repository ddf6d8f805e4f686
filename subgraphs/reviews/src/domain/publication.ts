import { and, eq, sql } from 'drizzle-orm';
import type { Db, RequestContext } from '@zhongtai/kit';
import { reviews, type ReviewRow, type ReviewStatus } from '../db/tables.ts';
import { moveRating } from './ratings.ts';

/**
 * The review's status moves, each once (a guarded update decides who wins): PENDING_MODERATION ->
 * PUBLISHED or REJECTED (an operator's decision), PUBLISHED -> HIDDEN (an operator, or a report
 * upheld), HIDDEN -> PUBLISHED (restored).
 */
export const REVIEW_TRANSITIONS: Record<ReviewStatus, readonly ReviewStatus[]> = {
  PENDING_MODERATION: ['PUBLISHED', 'REJECTED'],
  PUBLISHED: ['HIDDEN'],
  HIDDEN: ['PUBLISHED'],
  REJECTED: [],
};

export const canMove = (from: ReviewStatus, to: ReviewStatus) => REVIEW_TRANSITIONS[from].includes(to);

/** Characters of a text that count for points: code points, whitespace left out. */
export const countedLength = (text: string) => [...text.replace(/\s+/g, '')].length;

/**
 * Moves `review` from its current status to `to` inside `tx`; null when another change got there
 * first. Entering PUBLISHED adds its stars to its SPU's and shop's ratings and tells members
 * (ReviewPublished); leaving it takes them back out.
 */
export async function moveReview(ctx: RequestContext, tx: Db, review: ReviewRow, to: ReviewStatus, reason: string | null): Promise<ReviewRow | null> {
  const now = new Date();
  const [moved] = await tx
    .update(reviews)
    .set({
      status: to,
      statusReason: reason,
      updatedAt: now,
      // Inside raw SQL a Date is not mapped by the column: postgres.js takes it as text only.
      ...(to === 'PUBLISHED' ? { publishedAt: sql`coalesce(${reviews.publishedAt}, ${now.toISOString()}::timestamptz)` } : {}),
    })
    .where(and(eq(reviews.id, review.id), eq(reviews.status, review.status)))
    .returning();
  if (!moved) return null;
  await afterMove(ctx, tx, review.status, moved);
  return moved;
}

/** The ratings and the event of a review that entered or left PUBLISHED (also for a new review published at once). */
export async function afterMove(ctx: RequestContext, tx: Db, from: ReviewStatus | null, review: ReviewRow): Promise<void> {
  const subjects = [review.spuId, review.shopId];
  if (review.status === 'PUBLISHED' && from !== 'PUBLISHED') {
    await moveRating(tx, subjects, review.rating, 1);
    await ctx.events.publish(tx, 'ReviewPublished', {
      reviewId: review.id,
      memberId: review.memberId,
      shopId: review.shopId,
      spuId: review.spuId,
      textLength: countedLength(review.text),
      publishedAt: (review.publishedAt ?? new Date()).toISOString(),
    });
  } else if (from === 'PUBLISHED' && review.status !== 'PUBLISHED') {
    await moveRating(tx, subjects, review.rating, -1);
  }
}
