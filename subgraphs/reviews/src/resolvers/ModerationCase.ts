import type { RequestContext } from '@zhongtai/kit';
import type { ModerationCaseRow } from '../db/tables.ts';
import { loadReview } from '../domain/reviews.ts';
import type { ModerationCaseResolvers } from '../generated/resolvers.ts';

export const ModerationCase: ModerationCaseResolvers = {
  review: async (row: ModerationCaseRow, _: unknown, ctx: RequestContext) => {
    const review = await loadReview(ctx, row.reviewId);
    // A case references its review (foreign key): a missing one is a broken database, not an answer.
    if (!review) throw new Error(`moderation case ${row.id}: review ${row.reviewId} missing`);
    return review;
  },
};
