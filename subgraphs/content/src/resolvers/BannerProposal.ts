import type { BannerProposalRow } from '../db/tables.ts';
import type { BannerProposalResolvers } from '../generated/resolvers.ts';

export const BannerProposal: BannerProposalResolvers = {
  shop: (row: BannerProposalRow) => ({ __typename: 'Shop', id: row.shopId }),
};
