import { seedId } from './ids.ts';

/**
 * Ids of the demo data that more than one center seeds against. Each center seeds only its
 * own tables; these shared ids make the federated joins line up in every run mode.
 */
export const DEMO_SHOP_COUNT = 6;
export const demoShopId = (n: number) => seedId('shp', n);
/** The shop a dev MERCHANT token is issued for. */
export const DEMO_MERCHANT_SHOP_ID = demoShopId(1);
export const DEMO_MEMBER_ID = seedId('mbr', 1);
export const demoMemberId = (n: number) => seedId('mbr', n);
