/**
 * The carrier tracking callback's wire contract, shared by the route that receives it and the
 * sandbox carrier that sends it (kept apart so neither imports the other).
 */
export const TRACKING_PATH = '/carrier/tracking';
export const SIGNATURE_HEADER = 'x-carrier-signature';
export const TIMESTAMP_HEADER = 'x-carrier-timestamp';

/** Where 快递100 pushes a subscribed parcel's tracking (under /hooks/fulfillment). */
export const KUAIDI100_PUSH_PATH = '/kuaidi100/push';
