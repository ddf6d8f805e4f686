import { tenancy } from '@zhongtai/kit';
import { auditEntries, shops, shopStaff } from '../db/tables.ts';

/** A shop is its own tenant; its public face (name, logo) is anyone's, its contact, staff and history its own. */
export const shopTenancy = tenancy<typeof shops, { id: string }>('shop', shops, { shop: 'id', public: { row: () => true } });
export const shopStaffTenancy = tenancy('shop staff member', shopStaff, { shop: 'shopId' });

/** A shop's audit entries are its own; the platform's (shop null) and everything else the operators'. Not for analysts. */
export const auditEntryTenancy = tenancy('audit entry', auditEntries, { shop: 'shopId', platform: 'private', private: true });
