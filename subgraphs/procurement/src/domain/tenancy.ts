import { tenancy } from '@zhongtai/kit';
import { dropShipOffers, suppliers } from '../db/tables.ts';
import { purchaseOrders, replenishmentSuggestions, supplyTerms } from '../db/purchaseTables.ts';

/** Suppliers and their supply prices are the shop's business, kept even from analysts. */
export const supplierTenancy = tenancy('supplier', suppliers, { shop: 'shopId', private: true });
export const dropShipOfferTenancy = tenancy('drop-ship offer', dropShipOffers, { shop: 'shopId', private: true });
/** What a shop buys, from whom, at what price: the shop's and the platform's business only. */
export const supplyTermsTenancy = tenancy('supply terms', supplyTerms, { shop: 'shopId', private: true });
export const suggestionTenancy = tenancy('replenishment suggestion', replenishmentSuggestions, { shop: 'shopId', private: true });
export const purchaseOrderTenancy = tenancy('purchase order', purchaseOrders, { shop: 'shopId', private: true });
