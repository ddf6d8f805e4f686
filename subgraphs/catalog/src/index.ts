import { defineCenter } from '@zhongtai/kit';
import { messaging } from './events.ts';
import { resolvers } from './resolvers/index.ts';
import { entityScopes } from './resolvers/scopes.ts';
import { seed } from './seed/demo.ts';

/** 商品中心 product center: categories, brands, products (SPU) and their priced variants (SKU). */
export const catalogCenter = defineCenter(import.meta.url, { name: 'catalog', resolvers, entityScopes, ...messaging, seed });

/** Bulk loading of `pnpm seed --scale tiny|medium|large` into this center's tables (scripts/seed runs it). */
export { catalogStage, largeSeedCategories } from './seed/large.ts';
