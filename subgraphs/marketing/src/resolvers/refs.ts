import { CURRENCY_CODES, toMoney, type CurrencyCode, type Money, type RequestContext } from '@zhongtai/kit';
import { loadCampaign } from '../domain/promotions.ts';

export const currencyOf = (code: string): CurrencyCode => (CURRENCY_CODES.includes(code as CurrencyCode) ? (code as CurrencyCode) : 'CNY');
export function money(minor: bigint, currency: string): Money;
export function money(minor: bigint | null, currency: string): Money | null;
export function money(minor: bigint | null, currency: string): Money | null {
  return minor === null ? null : toMoney(minor, currencyOf(currency));
}
export const shop = (shopId: string | null) => (shopId ? { __typename: 'Shop', id: shopId } : null);
export const campaign = (row: { campaignId: string | null }, _: unknown, ctx: RequestContext) => (row.campaignId ? loadCampaign(ctx, row.campaignId) : null);
