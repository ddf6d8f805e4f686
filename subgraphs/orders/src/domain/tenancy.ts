import { tenancy } from '@zhongtai/kit';
import { checkouts, orders, presalePlans } from '../db/tables.ts';

/** An order is its shop's and its buyer's; the buyer may cancel it or change its address. */
export const orderTenancy = tenancy('order', orders, { shop: 'shopId', member: 'memberId', memberWrites: true });

/** A checkout is its customer's; a merchant reaches it through its shop's order in it (resolvers/scopes.ts). */
export const checkoutTenancy = tenancy('checkout', checkouts, { member: 'memberId' });

export const presalePlanTenancy = tenancy('presale plan', presalePlans, { shop: 'shopId' });
