/** Id prefixes of the reviews center's rows: a misplaced id is refused before any SQL runs. */
export const REVIEW_ID_PREFIX = 'rvw';
export const MODERATION_CASE_ID_PREFIX = 'rvm';
export const SENSITIVE_WORD_ID_PREFIX = 'swd';
export const BANNED_IMAGE_ID_PREFIX = 'bim';
/** Orders and their lines are the order center's. */
export const ORDER_ID_PREFIX = 'ord';
export const ORDER_LINE_ID_PREFIX = 'oln';
