import { tenancy } from '@zhongtai/kit';
import { campaigns, coupons, couponTemplates, flashSales, promotions } from '../db/tables.ts';

/**
 * Marketing is a shop's or the platform's (shop null, funded by the platform): a merchant sees and
 * changes its own shop's only; platform rows are the platform roles'. A coupon is scoped by its template.
 */
export const couponTemplateTenancy = tenancy('coupon template', couponTemplates, { shop: 'shopId', platform: 'private' });
export const promotionTenancy = tenancy('promotion', promotions, { shop: 'shopId', platform: 'private' });
export const campaignTenancy = tenancy('campaign', campaigns, { shop: 'shopId', platform: 'private' });
export const flashSaleTenancy = tenancy('flash sale', flashSales, { shop: 'shopId' });

/** A coupon reached by reference (the order center adds its checkout and orders): its member's; its template's shop reaches it too (resolvers/scopes.ts). */
export const couponTenancy = tenancy('coupon', coupons, { member: 'memberId' });
