import { shopStaffTenancy, shopTenancy } from '../domain/tenancy.ts';

export const entityScopes = { Shop: shopTenancy, ShopStaff: shopStaffTenancy };
