import { tenancy } from '@zhongtai/kit';
import {
  afterSales,
  couponClaims,
  couponRedemptions,
  dayShop,
  dayShopCategory,
  daySku,
  monthSku,
  orderFunnel,
  salesExports,
  salesFacts,
} from '../db/tables.ts';

/**
 * Sales belong to the shop that made them: analysts and operators read every shop's, a merchant
 * its own (asking for another shop is FORBIDDEN), customers none. The rollups are owned the same
 * way, so a merchant's summary is cut by the kit whichever table answers it.
 */
export const salesFactTenancy = tenancy('sales fact', salesFacts, { shop: 'shopId' });
export const dayShopCategoryTenancy = tenancy('sales rollup', dayShopCategory, { shop: 'shopId' });
export const daySkuTenancy = tenancy('sales rollup', daySku, { shop: 'shopId' });
export const dayShopTenancy = tenancy('sales rollup', dayShop, { shop: 'shopId' });
export const monthSkuTenancy = tenancy('sales rollup', monthSku, { shop: 'shopId' });
export const afterSaleTenancy = tenancy('after-sale reason', afterSales, { shop: 'shopId' });
/** A platform template's claims and uses (no shop) are the platform's: analysts and operators only. */
export const couponClaimTenancy = tenancy('coupon claim', couponClaims, { shop: 'shopId', platform: 'private' });
export const couponRedemptionTenancy = tenancy('coupon use', couponRedemptions, { shop: 'shopId', platform: 'private' });
export const orderFunnelTenancy = tenancy('order funnel', orderFunnel, { shop: 'shopId' });
/** A merchant's exports are its shop's; an analyst's or operator's are the platform's (null shop), kept from merchants. */
export const salesExportTenancy = tenancy('sales export', salesExports, { shop: 'shopId', platform: 'private' });
