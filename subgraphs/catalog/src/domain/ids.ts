/** Id prefixes of the catalog's entities: a misplaced id is refused before any SQL runs. */
export const CATEGORY_ID_PREFIX = 'cat';
export const BRAND_ID_PREFIX = 'brd';
export const SPU_ID_PREFIX = 'spu';
export const SKU_ID_PREFIX = 'sku';
export const SPU_STATUS_CHANGE_ID_PREFIX = 'spc';
export const ATTRIBUTE_ID_PREFIX = 'atr';
export const PRICE_CHANGE_ID_PREFIX = 'prc';
