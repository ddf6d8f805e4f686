import type { RequestContext } from '@zhongtai/kit';
import type { ContentPageVersionRow } from '../db/tables.ts';
import { isLive } from '../domain/versions.ts';
import type { ContentPageVersionResolvers } from '../generated/resolvers.ts';

export const ContentPageVersion: ContentPageVersionResolvers = {
  live: (version: ContentPageVersionRow, _: unknown, ctx: RequestContext) => isLive(ctx, version),
  slots: (version: ContentPageVersionRow) => version.document.slots,
};
