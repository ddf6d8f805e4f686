import type { ConnectionArgs, RequestContext } from '@zhongtai/kit';
import type { ContentPageRow } from '../db/tables.ts';
import { draftOf, loadVersion, releasesOf, versionsOf } from '../domain/versions.ts';
import type { ContentPageResolvers } from '../generated/resolvers.ts';

export const ContentPage: ContentPageResolvers = {
  liveVersion: (page: ContentPageRow, _: unknown, ctx: RequestContext) => (page.liveVersionId ? loadVersion(ctx, page.liveVersionId) : null),
  draft: (page: ContentPageRow, _: unknown, ctx: RequestContext) => draftOf(ctx, page.id),
  versions: (page: ContentPageRow, args: ConnectionArgs, ctx: RequestContext) => versionsOf(ctx, page.id, args),
  releases: (page: ContentPageRow, _: unknown, ctx: RequestContext) => releasesOf(ctx, page.id),
};
