/** Id prefixes of the fulfillment center's entities. */
export const FREIGHT_TEMPLATE_ID_PREFIX = 'frt';
export const FREIGHT_RULE_ID_PREFIX = 'frr';
export const CARRIER_ID_PREFIX = 'car';
export const NOTICE_ID_PREFIX = 'shn';
export const NOTICE_LINE_ID_PREFIX = 'snl';
export const VOUCHER_ID_PREFIX = 'svc';
export const SHIPMENT_ID_PREFIX = 'sht';
export const SHIPMENT_LINE_ID_PREFIX = 'spl';
export const TRACKING_EVENT_ID_PREFIX = 'trk';
export const CARRIER_BILL_ID_PREFIX = 'cbl';
export const CARRIER_BILL_LINE_ID_PREFIX = 'cbn';
