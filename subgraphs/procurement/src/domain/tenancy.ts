import { tenancy } from '@zhongtai/kit';
import { dropShipOffers, suppliers } from '../db/tables.ts';

/** Suppliers and their supply prices are the shop's business, kept even from analysts. */
export const supplierTenancy = tenancy('supplier', suppliers, { shop: 'shopId', private: true });
export const dropShipOfferTenancy = tenancy('drop-ship offer', dropShipOffers, { shop: 'shopId', private: true });
