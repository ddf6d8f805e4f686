import type { ContentLinkRow } from '../domain/document.ts';
import type { ContentLinkResolvers } from '../generated/resolvers.ts';

/** One link, its target named by the field of its kind; a product is the catalog's (a federation reference). */
const target = (link: ContentLinkRow, kind: ContentLinkRow['kind']) => (link.kind === kind ? link.targetId : null);

export const ContentLink: ContentLinkResolvers = {
  spu: (link: ContentLinkRow) => (link.kind === 'SPU' && link.targetId ? { __typename: 'Spu', id: link.targetId } : null),
  categoryId: (link: ContentLinkRow) => target(link, 'CATEGORY'),
  campaignId: (link: ContentLinkRow) => target(link, 'CAMPAIGN'),
  couponTemplateId: (link: ContentLinkRow) => target(link, 'COUPON_TEMPLATE'),
};
