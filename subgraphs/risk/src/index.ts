import { defineCenter } from '@zhongtai/kit';
import { messaging } from './events.ts';
import { resolvers } from './resolvers/index.ts';
import { entityScopes } from './resolvers/scopes.ts';
import { seed } from './seed/demo.ts';

/** 风控中心 risk control: assessments of orders, payments and refunds against operator-configured rules over the center's own counters. */
export const riskCenter = defineCenter(import.meta.url, { name: 'risk', resolvers, entityScopes, ...messaging, seed });
