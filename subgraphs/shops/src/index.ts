import { defineCenter } from '@zhongtai/kit';
import { messaging } from './events.ts';
import { resolvers } from './resolvers/index.ts';
import { entityScopes } from './resolvers/scopes.ts';
import { seed } from './seed/demo.ts';

/** 店铺管理 shop management: shops and their staff, the tenancy root; platform staff and the audit log. */
export const shopsCenter = defineCenter(import.meta.url, { name: 'shops', resolvers, entityScopes, ...messaging, seed });

/** Bulk loading of `pnpm seed --scale tiny|medium|large` into this center's tables (scripts/seed runs it). */
export { shopsStage } from './seed/large.ts';
