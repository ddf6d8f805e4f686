import { seedId } from './ids.ts';
import { PLATFORM_STAFF_ROLES, SHOP_STAFF_ROLES, type PlatformStaffRole, type ShopStaffRole } from './auth/permissions.ts';

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

/** Seeded shop staff: shop n has one member per shop role, in SHOP_STAFF_ROLES order (OWNER first). */
export const demoShopStaffId = (shopN: number, role: ShopStaffRole = 'OWNER') => seedId('stf', (shopN - 1) * 10 + SHOP_STAFF_ROLES.indexOf(role) + 1);
/** Seeded platform staff: one per platform role. */
export const demoPlatformStaffId = (role: PlatformStaffRole = 'SUPER_ADMIN') => seedId('pst', PLATFORM_STAFF_ROLES.indexOf(role) + 1);

/**
 * The demo's cross-border SKU (跨境, BONDED 保税): catalog lists it in shop 3, after every other demo
 * SKU (so it is number 963: catalog's seed refuses to build when its numbering no longer gives this
 * id), inventory stocks it in shop 3's bonded warehouse, and the demo orders buy it with a buyer identity.
 */
export const DEMO_CROSS_BORDER_SHOP = 3;
export const DEMO_CROSS_BORDER_SKU_ID = seedId('sku', 963);
