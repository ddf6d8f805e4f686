/** Id prefixes of the inventory center's entities. */
export const WAREHOUSE_ID_PREFIX = 'wh';
export const STOCK_LEVEL_ID_PREFIX = 'stk';
export const MOVEMENT_ID_PREFIX = 'mov';
export const RESERVATION_ID_PREFIX = 'rsv';
export const ALLOCATION_ID_PREFIX = 'rsa';
export const INBOUND_RECEIPT_ID_PREFIX = 'inb';
export const INBOUND_LINE_ID_PREFIX = 'inl';
export const OUTBOUND_ORDER_ID_PREFIX = 'obo';
export const OUTBOUND_LINE_ID_PREFIX = 'obl';
export const STOCKTAKE_ID_PREFIX = 'stt';
export const STOCKTAKE_LINE_ID_PREFIX = 'stl';
export const CONSIGNMENT_LOT_ID_PREFIX = 'csl';
export const CONSIGNMENT_SALE_ID_PREFIX = 'csa';
export const CONSIGNMENT_RETURN_ID_PREFIX = 'csr';
/** Procurement's suppliers: a consignor is one. */
export const SUPPLIER_ID_PREFIX = 'sup';
