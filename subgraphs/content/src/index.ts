import { defineCenter } from '@zhongtai/kit';
import { messaging } from './events.ts';
import { resolvers } from './resolvers/index.ts';
import { entityScopes } from './resolvers/scopes.ts';
import { seed } from './seed/demo.ts';

/** 运营中心 operations content: storefront pages per channel, scheduled and targeted, versioned; merchants' banner proposals. */
export const contentCenter = defineCenter(import.meta.url, { name: 'content', resolvers, entityScopes, ...messaging, seed });
