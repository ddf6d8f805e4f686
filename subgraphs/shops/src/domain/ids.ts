import { shopsService } from '@zhongtai/kit';

/** Id prefixes of the shop center's entities: a misplaced id is refused before any SQL runs. */
export const SHOP_ID_PREFIX = shopsService.SHOP_ID_PREFIX;
export const STAFF_ID_PREFIX = 'stf';
export const PLATFORM_STAFF_ID_PREFIX = 'pst';
export const SHOP_STATUS_CHANGE_ID_PREFIX = 'ssc';
