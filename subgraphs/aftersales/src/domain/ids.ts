/** Id prefixes of the after-sales center's entities: a misplaced id is refused before any SQL runs. */
export const AFTER_SALE_ID_PREFIX = 'asr';
export const AFTER_SALE_STEP_ID_PREFIX = 'ass';
/** Orders and their lines are the order center's. */
export const ORDER_ID_PREFIX = 'ord';
export const ORDER_LINE_ID_PREFIX = 'oln';
export const TICKET_ID_PREFIX = 'tkt';
export const TICKET_MESSAGE_ID_PREFIX = 'tkm';
export const TICKET_STEP_ID_PREFIX = 'tks';
