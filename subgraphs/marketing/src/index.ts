import { defineCenter } from '@zhongtai/kit';
import { messaging } from './events.ts';
import { resolvers } from './resolvers/index.ts';
import { entityScopes } from './resolvers/scopes.ts';
import { seed } from './seed/demo.ts';

/** 营销中心 marketing: coupons, promotions, flash sales, campaigns and the price calculation. */
export const marketingCenter = defineCenter(import.meta.url, {
  name: 'marketing',
  resolvers,
  entityScopes,
  ...messaging,
  seed,
});
