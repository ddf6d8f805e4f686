import { toPayload, type RequestContext } from '@zhongtai/kit';
import { addBannedImage, removeBannedImage } from '../domain/images.ts';
import { decideCase, setVisibility, type DecideCaseInput } from '../domain/operators.ts';
import { markHelpful, replyToReview, reportReview } from '../domain/responses.ts';
import { addFollowUp, createReview, type CreateReviewInput, type FollowUpInput } from '../domain/reviews.ts';
import { addSensitiveWords, removeSensitiveWord, type WordInput } from '../domain/words.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

type Input<T> = { input: T };
type Reason = { reviewId: string; reason: string };

export const Mutation: MutationResolvers = {
  createReview: async (_: unknown, { input }: Input<CreateReviewInput>, ctx: RequestContext) => toPayload('review', await createReview(ctx, input)),
  addFollowUpReview: async (_: unknown, { input }: Input<FollowUpInput>, ctx: RequestContext) => toPayload('review', await addFollowUp(ctx, input)),
  markReviewHelpful: async (_: unknown, { input }: Input<{ reviewId: string }>, ctx: RequestContext) => toPayload('review', await markHelpful(ctx, input)),
  reportReview: async (_: unknown, { input }: Input<Reason>, ctx: RequestContext) => toPayload('review', await reportReview(ctx, input)),
  replyToReview: async (_: unknown, { input }: Input<{ reviewId: string; text: string }>, ctx: RequestContext) =>
    toPayload('review', await replyToReview(ctx, input)),
  hideReview: async (_: unknown, { input }: Input<Reason>, ctx: RequestContext) => toPayload('review', await setVisibility(ctx, input, 'HIDDEN')),
  restoreReview: async (_: unknown, { input }: Input<Reason>, ctx: RequestContext) => toPayload('review', await setVisibility(ctx, input, 'PUBLISHED')),
  decideModerationCase: async (_: unknown, { input }: Input<DecideCaseInput>, ctx: RequestContext) => toPayload('moderationCase', await decideCase(ctx, input)),
  addSensitiveWords: async (_: unknown, { input }: Input<{ words: WordInput[] }>, ctx: RequestContext) =>
    toPayload('words', await addSensitiveWords(ctx, input)),
  removeSensitiveWord: async (_: unknown, { input }: Input<{ id: string }>, ctx: RequestContext) =>
    toPayload('removedId', await removeSensitiveWord(ctx, input)),
  addBannedImage: async (_: unknown, { input }: Input<{ hash: string; note?: string | null }>, ctx: RequestContext) =>
    toPayload('bannedImage', await addBannedImage(ctx, input)),
  removeBannedImage: async (_: unknown, { input }: Input<{ id: string }>, ctx: RequestContext) => toPayload('removedId', await removeBannedImage(ctx, input)),
};
