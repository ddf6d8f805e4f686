import { defineCenter } from '@zhongtai/kit';
import { messaging } from './events.ts';
import { resolvers } from './resolvers/index.ts';
import { entityScopes } from './resolvers/scopes.ts';
import { seed } from './seed/demo.ts';

/** 会员中心 member center: customer accounts and addresses, levels by growth value, the points ledger. */
export const membersCenter = defineCenter(import.meta.url, { name: 'members', resolvers, entityScopes, ...messaging, seed });

/** Bulk loading of `pnpm seed --scale tiny|medium|large` into this center's tables (scripts/seed runs it). */
export { membersStage } from './seed/large.ts';
