import { and, eq } from 'drizzle-orm';
import { isUniqueViolation, logger, numberSetting, type EventCatalog, type RequestContext } from '@zhongtai/kit';
import { members, pointsEntries } from '../db/tables.ts';
import { post } from './ledger.ts';
import { readPointsSettings } from './settings.ts';

/** What a published review earns, read at call time from the environment. */
export interface ReviewPointsPolicy {
  /** REVIEW_POINTS, default 10 (0 turns the reward off). */
  points: number;
  /** A review earns them when its text has at least this many characters (whitespace left out). REVIEW_POINTS_MIN_CHARS, default 15. */
  minChars: number;
}

export function reviewPointsPolicy(env: NodeJS.ProcessEnv = process.env): ReviewPointsPolicy {
  return { points: numberSetting(env, 'REVIEW_POINTS', 10, 'whole'), minChars: numberSetting(env, 'REVIEW_POINTS_MIN_CHARS', 15, 'whole') };
}

/**
 * ReviewPublished: a review with enough text earns REVIEW points, once per review however often
 * it is published (a hide and restore publishes it again) or the event is delivered. The review
 * id is the entry's key (`orderId` column), so `points_entries_order_kind_key` makes it once.
 */
export async function creditPublishedReview(ctx: RequestContext, review: EventCatalog['ReviewPublished']): Promise<void> {
  const policy = reviewPointsPolicy();
  if (policy.points <= 0 || review.textLength < policy.minChars) return;
  const [already] = await ctx.db
    .select({ id: pointsEntries.id })
    .from(pointsEntries)
    .where(and(eq(pointsEntries.orderId, review.reviewId), eq(pointsEntries.kind, 'REVIEW')));
  if (already) return;
  const [member] = await ctx.db.select({ status: members.status }).from(members).where(eq(members.id, review.memberId));
  if (member?.status !== 'ACTIVE') {
    logger(ctx).warn('a review earned no points: the member is not active', { reviewId: review.reviewId });
    return;
  }
  const { validityDays } = await readPointsSettings(ctx.db);
  try {
    await ctx.db.transaction((tx) =>
      post(tx, {
        memberId: review.memberId,
        kind: 'REVIEW',
        points: policy.points,
        orderId: review.reviewId,
        reason: `review ${review.reviewId}`,
        now: new Date(),
        validityDays,
      }),
    );
  } catch (error) {
    // A concurrent delivery of the same event credited it first.
    if (!isUniqueViolation(error, 'points_entries_order_kind_key')) throw error;
  }
}
