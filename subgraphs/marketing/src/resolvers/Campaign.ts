import { type ConnectionArgs, type RequestContext } from '@zhongtai/kit';
import type { CampaignRow } from '../db/tables.ts';
import { listPromotions } from '../domain/promotions.ts';
import type { CampaignResolvers } from '../generated/resolvers.ts';
import { shop } from './refs.ts';

export const Campaign: CampaignResolvers = {
  shop: (c: CampaignRow) => shop(c.shopId),
  promotions: (c: CampaignRow, args: ConnectionArgs, ctx: RequestContext) => listPromotions(ctx, args, { campaignId: c.id }),
};
