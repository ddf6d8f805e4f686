import { and, eq } from 'drizzle-orm';
import { assertCan, isId, ok, optionalText, Problems, requiredText, type Db, type RequestContext, type Result } from '@zhongtai/kit';
import { moderationCases, reviews, type ModerationCaseRow, type ReviewRow } from '../db/tables.ts';
import { MODERATION_CASE_ID_PREFIX } from './ids.ts';
import { openCasesOf } from './moderation.ts';
import { canMove, moveReview } from './publication.ts';
import { loadReview } from './reviews.ts';
import { moderationCaseTenancy, reviewTenancy } from './tenancy.ts';

/** The platform's hand on reviews: hide, restore, and the decisions of the moderation queue. */

/** An operator takes a published review off the storefront (hide) or puts a hidden one back (restore), with a reason. */
export async function setVisibility(ctx: RequestContext, input: { reviewId: string; reason: string }, to: 'HIDDEN' | 'PUBLISHED'): Promise<Result<ReviewRow>> {
  const problems = new Problems();
  const reason = requiredText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  const review = await loadReview(ctx, input.reviewId);
  if (!review) return problems.add(['input', 'reviewId'], 'NOT_FOUND', `Review ${input.reviewId} not found`).refuse();
  assertCan(ctx, reviewTenancy, review, 'write');
  const from = to === 'HIDDEN' ? 'PUBLISHED' : 'HIDDEN';
  problems.check(
    review.status === from,
    ['input', 'reviewId'],
    'INVALID_TRANSITION',
    `Only a ${from} review can be ${to === 'HIDDEN' ? 'hidden' : 'restored'}`,
  );
  if (problems.any || !reason) return problems.refuse();
  const moved = await ctx.db.transaction((tx) => moveReview(ctx, tx, review, to, reason));
  if (!moved) return problems.add(['input', 'reviewId'], 'INVALID_TRANSITION', 'The review changed meanwhile; look again').refuse();
  return ok(moved);
}

export interface DecideCaseInput {
  id: string;
  decision: 'APPROVE' | 'REJECT';
  note?: string | null;
}

/**
 * Decides an open case. A held part (review, follow-up, reply) is published once every open case
 * of it is approved, and rejected by the first rejection (its other open cases close with it). A
 * REPORT approved leaves the review up; rejected, it hides the review.
 */
export async function decideCase(ctx: RequestContext, input: DecideCaseInput): Promise<Result<ModerationCaseRow>> {
  const problems = new Problems();
  const note = optionalText(problems, input.note, ['input', 'note'], 'Note', 500);
  if (!isId(MODERATION_CASE_ID_PREFIX, input.id)) return problems.add(['input', 'id'], 'INVALID_ID', `"${input.id}" is not a moderation case id`).refuse();
  const [found] = await ctx.db.select().from(moderationCases).where(eq(moderationCases.id, input.id));
  if (!found) return problems.add(['input', 'id'], 'NOT_FOUND', `Moderation case ${input.id} not found`).refuse();
  assertCan(ctx, moderationCaseTenancy, found, 'write');
  problems.check(found.status === 'OPEN', ['input', 'id'], 'INVALID_TRANSITION', `This case is already ${found.status}`);
  if (problems.any) return problems.refuse();
  const approve = input.decision === 'APPROVE';
  const decided = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(moderationCases)
      .set({ status: approve ? 'APPROVED' : 'REJECTED', note, decidedBy: ctx.claims?.subject ?? 'unknown', decidedAt: ctx.now(), updatedAt: ctx.now() })
      .where(and(eq(moderationCases.id, found.id), eq(moderationCases.status, 'OPEN')))
      .returning();
    if (!row) return null;
    const [review] = await tx.select().from(reviews).where(eq(reviews.id, row.reviewId)).for('update');
    if (review) await carryOut(ctx, tx, row, review, approve, note);
    return row;
  });
  if (!decided) return problems.add(['input', 'id'], 'INVALID_TRANSITION', 'This case was decided meanwhile').refuse();
  return ok(decided);
}

async function carryOut(ctx: RequestContext, tx: Db, decided: ModerationCaseRow, review: ReviewRow, approve: boolean, note: string | null): Promise<void> {
  if (decided.reason === 'REPORT') {
    if (!approve && canMove(review.status, 'HIDDEN')) await moveReview(ctx, tx, review, 'HIDDEN', note ?? 'reported, and the report upheld');
    return;
  }
  const others = (await openCasesOf(tx, review.id, decided.part)).filter((c) => c.reason !== 'REPORT');
  if (approve && others.length) return; // still held for another reason
  if (!approve) {
    for (const other of others) {
      await tx
        .update(moderationCases)
        .set({ status: 'REJECTED', note: `closed with ${decided.id}`, decidedBy: decided.decidedBy, decidedAt: ctx.now(), updatedAt: ctx.now() })
        .where(and(eq(moderationCases.id, other.id), eq(moderationCases.status, 'OPEN')));
    }
  }
  const to: ReviewRow['status'] = approve ? 'PUBLISHED' : 'REJECTED';
  if (decided.part === 'REVIEW') {
    if (review.status === 'PENDING_MODERATION') await moveReview(ctx, tx, review, to, approve ? null : note);
    return;
  }
  const column = decided.part === 'FOLLOW_UP' ? { followUpStatus: to } : { replyStatus: to };
  await tx
    .update(reviews)
    .set({ ...column, updatedAt: ctx.now() })
    .where(eq(reviews.id, review.id));
}
