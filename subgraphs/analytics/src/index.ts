import { defineCenter } from '@zhongtai/kit';
import { messaging } from './events.ts';
import { resolvers } from './resolvers/index.ts';
import { entityScopes } from './resolvers/scopes.ts';

/** BI 分析 analytics: sales facts and rollups built from the other centers' events, and the aggregate queries over them. */
export const analyticsCenter = defineCenter(import.meta.url, { name: 'analytics', resolvers, entityScopes, ...messaging });
