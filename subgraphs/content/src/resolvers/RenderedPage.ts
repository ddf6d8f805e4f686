import type { RenderedPageRow } from '../domain/render.ts';
import type { RenderedPageResolvers } from '../generated/resolvers.ts';

export const RenderedPage: RenderedPageResolvers = {
  pageId: (r: RenderedPageRow) => r.page.id,
  kind: (r: RenderedPageRow) => r.page.kind,
  channel: (r: RenderedPageRow) => r.page.channel,
  name: (r: RenderedPageRow) => r.page.name,
  versionId: (r: RenderedPageRow) => r.version.id,
  versionNumber: (r: RenderedPageRow) => r.version.number,
};
