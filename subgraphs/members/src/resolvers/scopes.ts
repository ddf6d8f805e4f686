import { ordersService, type RequestContext } from '@zhongtai/kit';
import { memberTenancy } from '../domain/tenancy.ts';

/** A merchant reaches a buyer of its shop (name and masked phone, see Member.phone). */
const Member = {
  ...memberTenancy,
  reference: { reachedByShop: (ctx: RequestContext, m: { id: string }, shopId: string) => ordersService.isShopBuyer(ctx, shopId, m.id) },
};

export const entityScopes = { Member };
