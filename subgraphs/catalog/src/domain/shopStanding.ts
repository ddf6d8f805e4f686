import { shopsService, type Problems, type RequestContext } from '@zhongtai/kit';

export interface ShopStanding {
  id: string;
  status: shopsService.ShopStatus;
  currencyCode: string;
}

/**
 * Asks the shops center whether `shopId` exists and trades. Records NOT_FOUND or INACTIVE on
 * `field`; returns the standing (for its currency) when the shop exists.
 */
export async function checkShopStanding(ctx: RequestContext, shopId: string, problems: Problems, field: string[]): Promise<ShopStanding | undefined> {
  const { shopStandings } = await ctx.services.call(shopsService.shopStandings, { ids: [shopId] });
  const standing = shopStandings.find((s) => s.id === shopId);
  if (!standing) {
    problems.add(field, 'NOT_FOUND', `Shop ${shopId} not found`);
    return undefined;
  }
  problems.check(standing.status === 'ACTIVE', field, 'INACTIVE', `The shop is ${standing.status.toLowerCase()}`);
  return standing;
}

/** Prices are in the shop's currency: the shop settles in one currency. */
export function checkShopCurrency(problems: Problems, standing: ShopStanding, currencyCode: string, field: string[]): boolean {
  return problems.check(currencyCode === standing.currencyCode, field, 'CURRENCY_MISMATCH', `The shop prices in ${standing.currencyCode}, not ${currencyCode}`);
}
