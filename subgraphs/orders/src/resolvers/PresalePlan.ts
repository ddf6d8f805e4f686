import type { PresalePlanRow } from '../domain/presale.ts';
import type { PresalePlanResolvers } from '../generated/resolvers.ts';
import { money } from './refs.ts';

export const PresalePlan: PresalePlanResolvers = {
  shop: (plan: PresalePlanRow) => ({ __typename: 'Shop', id: plan.shopId }),
  sku: (plan: PresalePlanRow) => ({ __typename: 'Sku', id: plan.skuId }),
  depositPerUnit: (plan: PresalePlanRow) => money(plan.depositPerUnit, plan.currency),
};
