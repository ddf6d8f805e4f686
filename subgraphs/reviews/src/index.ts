import { defineCenter } from '@zhongtai/kit';
import { messaging } from './events.ts';
import { resolvers } from './resolvers/index.ts';
import { entityScopes } from './resolvers/scopes.ts';
import { seed } from './seed/demo.ts';

/** 评价中心 reviews: customers' reviews of completed order lines, their moderation, and product and shop ratings. */
export const reviewsCenter = defineCenter(import.meta.url, { name: 'reviews', resolvers, entityScopes, ...messaging, seed });

/** For a real image-moderation provider: installed at start in place of the banned-hash list. */
export { useImageModeration, type ImageModeration } from './domain/images.ts';
