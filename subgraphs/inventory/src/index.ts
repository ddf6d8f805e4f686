import { defineCenter } from '@zhongtai/kit';
import { messaging } from './events.ts';
import { resolvers } from './resolvers/index.ts';
import { entityScopes } from './resolvers/scopes.ts';
import { seed } from './seed/demo.ts';

/** 库存 + WMS: warehouses, stock that is never oversold, reservations, inbound, outbound, stocktakes. */
export const inventoryCenter = defineCenter(import.meta.url, { name: 'inventory', resolvers, entityScopes, ...messaging, seed });

/** Bulk loading of `pnpm seed --scale tiny|medium|large` into this center's tables (scripts/seed runs it). */
export { inventoryStage } from './seed/large.ts';
