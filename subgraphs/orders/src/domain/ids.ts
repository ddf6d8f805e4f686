import { catalogService } from '@zhongtai/kit';

/** Id prefixes of the order center's entities: a misplaced id is refused before any SQL runs. */
export const ORDER_ID_PREFIX = 'ord';
export const CHECKOUT_ID_PREFIX = 'chk';
export const ORDER_LINE_ID_PREFIX = 'oln';
export const STATUS_CHANGE_ID_PREFIX = 'osc';
export const REMARK_ID_PREFIX = 'orm';
export const ADDRESS_CHANGE_ID_PREFIX = 'oac';
export const REFUND_REQUEST_ID_PREFIX = 'orr';
export const PRESALE_PLAN_ID_PREFIX = 'psp';
export const ORDER_EDIT_ID_PREFIX = 'oed';
/** The SKUs an order line refers to are catalog's. */
export const SKU_ID_PREFIX = catalogService.SKU_ID_PREFIX;
/** 跨境 customs declarations (customs/declarations.ts). */
export const CUSTOMS_DECLARATION_ID_PREFIX = 'cus';
