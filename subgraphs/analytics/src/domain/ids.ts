/**
 * A fact is keyed by the order line it records, a refund share by its refund and line, a rollup by
 * its day and dimensions: the center's only id of its own is an export's.
 */
export const SALES_EXPORT_ID_PREFIX = 'sxp';
export const ORDER_LINE_ID_PREFIX = 'oln';
/** A shop order's id: a merchant's refund is keyed `<order id>:<its own key>`. */
export const ORDER_ID_PREFIX = 'ord';
