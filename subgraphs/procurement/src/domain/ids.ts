import { procurementService } from '@zhongtai/kit';

export const SUPPLIER_ID_PREFIX = procurementService.SUPPLIER_ID_PREFIX;
export const OFFER_ID_PREFIX = 'dso';
export const SUPPLY_TERMS_ID_PREFIX = 'spt';
export const SUGGESTION_ID_PREFIX = 'rpl';
export const PURCHASE_ORDER_ID_PREFIX = 'pur';
export const PURCHASE_LINE_ID_PREFIX = 'pul';
export const DELIVERY_ID_PREFIX = 'pdv';
export const DISPATCH_ID_PREFIX = 'pdd';
export const CONSIGNOR_PAYOUT_ID_PREFIX = 'cpo';
/** Inventory's warehouses, checked before a purchase order names one. */
export const WAREHOUSE_ID_PREFIX = 'wh';
