import { tenancy } from '@zhongtai/kit';
import { campaigns, couponTemplates, flashSales, promotions } from '../db/tables.ts';

/**
 * Marketing is a shop's or the platform's (shop null, funded by the platform): a merchant sees and
 * changes its own shop's only; platform rows are the platform roles'. A coupon is scoped by its template.
 */
export const couponTemplateTenancy = tenancy('coupon template', couponTemplates, { shop: 'shopId', platform: 'private' });
export const promotionTenancy = tenancy('promotion', promotions, { shop: 'shopId', platform: 'private' });
export const campaignTenancy = tenancy('campaign', campaigns, { shop: 'shopId', platform: 'private' });
export const flashSaleTenancy = tenancy('flash sale', flashSales, { shop: 'shopId' });
