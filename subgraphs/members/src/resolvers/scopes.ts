import { ordersService, type EntityScope } from '@zhongtai/kit';
import type { MemberRow } from '../db/tables.ts';

/** A member is its own; a merchant reaches a buyer of its shop (name and masked phone, see visibility.ts). */
const Member: EntityScope<MemberRow> = {
  member: (m) => m.id,
  reachedByShop: (ctx, m, shopId) => ordersService.isShopBuyer(ctx, shopId, m.id),
};

export const entityScopes = { Member };
