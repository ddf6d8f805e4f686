/** Id prefixes of this center's entities. */
export const PAYMENT_ID_PREFIX = 'pay';
export const REFUND_ID_PREFIX = 'rfd';
export const CALLBACK_ID_PREFIX = 'pcb';
export const EXCHANGE_ID_PREFIX = 'pxc';
