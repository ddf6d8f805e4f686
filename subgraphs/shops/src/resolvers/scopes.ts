import type { EntityScope } from '@zhongtai/kit';
import type { ShopRow, ShopStaffRow } from '../db/tables.ts';

export const entityScopes = {
  // A shop's profile is public (orders, products and reviews show it); contact, staff and history guard themselves.
  Shop: { shop: (s) => s.id, public: () => true } satisfies EntityScope<ShopRow>,
  ShopStaff: { shop: (s) => s.shopId } satisfies EntityScope<ShopStaffRow>,
};
