import { and, eq, isNull, sql } from 'drizzle-orm';
import { assertCan, callerMember, forbidden, ok, Problems, requiredText, type RequestContext, type Result } from '@zhongtai/kit';
import { helpfulVotes, reviewReports, reviews, type ReviewRow } from '../db/tables.ts';
import { moderate, openCases, refuseBlocked } from './moderation.ts';
import { loadReview } from './reviews.ts';
import { reviewTenancy } from './tenancy.ts';

/** What others do with a review: the shop replies, customers vote it helpful or report it. */

const MAX_REPLY = 500;

async function found(ctx: RequestContext, problems: Problems, reviewId: string): Promise<ReviewRow | null> {
  const review = await loadReview(ctx, reviewId);
  if (!review) problems.add(['input', 'reviewId'], 'NOT_FOUND', `Review ${reviewId} not found`);
  return review;
}

/** The reviewed shop's one reply (its staff, or an operator), moderated like a review. */
export async function replyToReview(ctx: RequestContext, input: { reviewId: string; text: string }): Promise<Result<ReviewRow>> {
  const problems = new Problems();
  const review = await found(ctx, problems, input.reviewId);
  if (!review) return problems.refuse();
  assertCan(ctx, reviewTenancy, review, 'manage');
  const text = requiredText(problems, input.text, ['input', 'text'], 'Reply', MAX_REPLY);
  problems.check(review.replyText === null, ['input', 'reviewId'], 'DUPLICATE', 'The shop already replied to this review');
  problems.check(review.status !== 'REJECTED', ['input', 'reviewId'], 'INVALID_TRANSITION', 'A rejected review takes no reply');
  if (problems.any || !text) return problems.refuse();
  const outcome = await moderate(ctx, text);
  if (outcome.kind === 'BLOCKED') return refuseBlocked(problems, ['input', 'text']).refuse();
  const row = await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(reviews)
      .set({ replyText: outcome.text, replyStatus: outcome.kind === 'HOLD' ? 'PENDING_MODERATION' : 'PUBLISHED', repliedAt: ctx.now(), updatedAt: ctx.now() })
      .where(and(eq(reviews.id, review.id), isNull(reviews.replyText)))
      .returning();
    if (updated) await openCases(tx, updated, 'REPLY', outcome.holds);
    return updated;
  });
  if (!row) return problems.add(['input', 'reviewId'], 'DUPLICATE', 'The shop already replied to this review').refuse();
  return ok(row);
}

/** A published review the customer may act on (not their own). */
function checkOthersPublished(ctx: RequestContext, problems: Problems, review: ReviewRow, verb: string): string {
  const memberId = callerMember(ctx, reviewTenancy);
  if (review.status !== 'PUBLISHED') throw forbidden('Only published reviews can be acted on');
  problems.check(review.memberId !== memberId, ['input', 'reviewId'], 'INVALID', `You cannot ${verb} your own review`);
  return memberId;
}

/** 有用: one helpful vote per customer and review; the count moves with the vote, in one transaction. */
export async function markHelpful(ctx: RequestContext, input: { reviewId: string }): Promise<Result<ReviewRow>> {
  const problems = new Problems();
  const review = await found(ctx, problems, input.reviewId);
  if (!review) return problems.refuse();
  const memberId = checkOthersPublished(ctx, problems, review, 'vote for');
  if (problems.any) return problems.refuse();
  const row = await ctx.db.transaction(async (tx) => {
    const [vote] = await tx.insert(helpfulVotes).values({ reviewId: review.id, memberId }).onConflictDoNothing().returning();
    if (!vote) return null;
    const [updated] = await tx
      .update(reviews)
      .set({ helpfulCount: sql`${reviews.helpfulCount} + 1` })
      .where(eq(reviews.id, review.id))
      .returning();
    return updated ?? null;
  });
  if (!row) return problems.add(['input', 'reviewId'], 'DUPLICATE', 'You already found this review helpful').refuse();
  return ok(row);
}

/**
 * 举报: a customer reports a published review, once; the report joins the review's open REPORT
 * case (one per review) in the operators' queue. The review stays up until an operator decides:
 * a report alone never takes down what a shop's rival dislikes.
 */
export async function reportReview(ctx: RequestContext, input: { reviewId: string; reason: string }): Promise<Result<ReviewRow>> {
  const problems = new Problems();
  const reason = requiredText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  const review = await found(ctx, problems, input.reviewId);
  if (!review || !reason) return problems.refuse();
  const memberId = checkOthersPublished(ctx, problems, review, 'report');
  if (problems.any) return problems.refuse();
  const reported = await ctx.db.transaction(async (tx) => {
    const [report] = await tx.insert(reviewReports).values({ reviewId: review.id, memberId, reason }).onConflictDoNothing().returning();
    if (report) await openCases(tx, review, 'REVIEW', [{ reason: 'REPORT', findings: [reason] }]);
    return report;
  });
  if (!reported) return problems.add(['input', 'reviewId'], 'DUPLICATE', 'You already reported this review').refuse();
  return ok(review);
}
