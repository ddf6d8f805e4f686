import type { ConnectionArgs, RequestContext } from '@zhongtai/kit';
import type { Channel } from '../db/tables.ts';
import { findPage, listPages, type PageFilter } from '../domain/pages.ts';
import { findProposal, listProposals, type ProposalFilter } from '../domain/proposals.ts';
import { homePage, landingPage, pagePreview, type PreviewAudienceInput } from '../domain/render.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

type List<F> = ConnectionArgs & { filter?: F | null };
type Preview = { pageId: string; versionId?: string | null; at: Date; audience?: PreviewAudienceInput | null };

export const Query: QueryResolvers = {
  contentPages: (_: unknown, args: List<PageFilter>, ctx: RequestContext) => listPages(ctx, args, args.filter ?? {}),
  contentPage: (_: unknown, { id }: { id: string }, ctx: RequestContext) => findPage(ctx, id),
  pagePreview: (_: unknown, args: Preview, ctx: RequestContext) => pagePreview(ctx, args),
  homePage: (_: unknown, { channel }: { channel: Channel }, ctx: RequestContext) => homePage(ctx, channel),
  landingPage: (_: unknown, { channel, ...target }: { channel: Channel; categoryId?: string | null; campaignId?: string | null }, ctx: RequestContext) =>
    landingPage(ctx, channel, target),
  bannerProposals: (_: unknown, args: List<ProposalFilter>, ctx: RequestContext) => listProposals(ctx, args, args.filter ?? {}),
  bannerProposal: (_: unknown, { id }: { id: string }, ctx: RequestContext) => findProposal(ctx, id),
};
