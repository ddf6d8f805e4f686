import { defineCenter } from '@zhongtai/kit';
import { messaging } from './events.ts';
import { resolvers } from './resolvers/index.ts';
import { entityScopes } from './resolvers/scopes.ts';
import { seed } from './seed/demo.ts';

/** 客服中心 after-sales and customer service: customers' return, refund and exchange requests and their decisions. */
export const aftersalesCenter = defineCenter(import.meta.url, {
  name: 'aftersales',
  resolvers,
  entityScopes,
  ...messaging,
  seed,
});
