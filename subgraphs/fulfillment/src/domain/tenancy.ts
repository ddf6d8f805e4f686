import { tenancy, tenancyOf } from '@zhongtai/kit';
import { shipments } from '../db/shipmentTables.ts';
import { freightTemplates, serviceVouchers, shippingNotices } from '../db/tables.ts';
import { carrierBills } from '../db/carrierTables.ts';

export const freightTemplateTenancy = tenancy('freight template', freightTemplates, { shop: 'shopId' });

/** A delivery (notice, shipment, voucher) is its shop's, which works it, and its buyer's, who reads it. */
export const shippingNoticeTenancy = tenancy('shipping notice', shippingNotices, { shop: 'shopId', member: 'memberId' });
export const shipmentTenancy = tenancy('shipment', shipments, { shop: 'shopId', member: 'memberId' });
export const serviceVoucherTenancy = tenancy('service voucher', serviceVouchers, { shop: 'shopId', member: 'memberId' });

/** The platform's list of carriers: names and promised days, nothing secret (see the SDL). */
export const carrierTenancy = tenancyOf('carrier', { public: () => true });

/** A carrier's bill: an operator's (shop null) is the platform's; a merchant's covers only its shop's parcels. Cost data: kept from analysts. */
export const carrierBillTenancy = tenancy('carrier bill', carrierBills, { shop: 'shopId', platform: 'private', private: true });
