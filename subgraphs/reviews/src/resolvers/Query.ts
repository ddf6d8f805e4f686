import type { ConnectionArgs, RequestContext } from '@zhongtai/kit';
import type { ModerationCaseRow } from '../db/tables.ts';
import type { WordClass } from '../domain/filter/screen.ts';
import { listBannedImages } from '../domain/images.ts';
import { listCases } from '../domain/moderation.ts';
import { findReview, listMyReviews, listReviews, type ReviewFilter } from '../domain/queries.ts';
import { listSensitiveWords } from '../domain/words.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

type List<F> = ConnectionArgs & { filter?: F | null };

export const Query: QueryResolvers = {
  reviews: (_: unknown, args: List<ReviewFilter>, ctx: RequestContext) => listReviews(ctx, args, args.filter ?? {}),
  myReviews: (_: unknown, args: ConnectionArgs, ctx: RequestContext) => listMyReviews(ctx, args),
  review: (_: unknown, { id }: { id: string }, ctx: RequestContext) => findReview(ctx, id),
  moderationCases: (_: unknown, args: List<{ status?: ModerationCaseRow['status'] | null; shopId?: string | null }>, ctx: RequestContext) =>
    listCases(ctx, args, args.filter ?? {}),
  sensitiveWords: (_: unknown, args: List<{ wordClass?: WordClass | null; contains?: string | null }>, ctx: RequestContext) =>
    listSensitiveWords(ctx, args, args.filter ?? {}),
  bannedImages: (_: unknown, args: ConnectionArgs, ctx: RequestContext) => listBannedImages(ctx, args),
};
