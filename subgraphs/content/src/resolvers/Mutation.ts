import { toPayload, type RequestContext } from '@zhongtai/kit';
import { createPage, type CreatePageInput } from '../domain/pages.ts';
import { approveProposal, proposeBanner, rejectProposal, type ProposeBannerInput } from '../domain/proposals.ts';
import { publishPage, rollbackPage, saveDraft, type SaveDraftInput } from '../domain/versions.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

type Input<T> = { input: T };

export const Mutation: MutationResolvers = {
  createContentPage: async (_: unknown, { input }: Input<CreatePageInput>, ctx: RequestContext) => toPayload('page', await createPage(ctx, input)),
  saveContentPageDraft: async (_: unknown, { input }: Input<SaveDraftInput>, ctx: RequestContext) => toPayload('version', await saveDraft(ctx, input)),
  publishContentPage: async (_: unknown, { input }: Input<{ pageId: string; note?: string | null }>, ctx: RequestContext) =>
    toPayload('version', await publishPage(ctx, input)),
  rollbackContentPage: async (_: unknown, { input }: Input<{ pageId: string; versionId: string; reason: string }>, ctx: RequestContext) =>
    toPayload('version', await rollbackPage(ctx, input)),
  proposeBanner: async (_: unknown, { input }: Input<ProposeBannerInput>, ctx: RequestContext) => toPayload('proposal', await proposeBanner(ctx, input)),
  approveBannerProposal: async (_: unknown, { input }: Input<{ id: string; pageId: string }>, ctx: RequestContext) =>
    toPayload('proposal', await approveProposal(ctx, input)),
  rejectBannerProposal: async (_: unknown, { input }: Input<{ id: string; reason: string }>, ctx: RequestContext) =>
    toPayload('proposal', await rejectProposal(ctx, input)),
};
