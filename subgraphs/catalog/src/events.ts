import type { EventHandlers } from '@zhongtai/kit';
import { takeShopOffShelf } from './domain/spuStatus.ts';

/** What catalog reacts to. It publishes nothing yet. */
export const handlers: EventHandlers = {
  async ShopStatusChanged(ctx, { payload }) {
    if (payload.to === 'ACTIVE') return;
    await takeShopOffShelf(ctx, payload.shopId, `shop ${payload.to.toLowerCase()}${payload.reason ? `: ${payload.reason}` : ''}`);
  },
};
