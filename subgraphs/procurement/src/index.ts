import { defineCenter } from '@zhongtai/kit';
import { messaging } from './events.ts';
import { resolvers } from './resolvers/index.ts';
import { entityScopes } from './resolvers/scopes.ts';
import { seed } from './seed/demo.ts';

/** 采购中心 procurement: a shop's suppliers, what they supply (and ship, 代发), replenishment and purchase orders. */
export const procurementCenter = defineCenter(import.meta.url, {
  name: 'procurement',
  resolvers,
  entityScopes,
  ...messaging,
  seed,
});
