import { procurementService } from '@zhongtai/kit';

export const SUPPLIER_ID_PREFIX = procurementService.SUPPLIER_ID_PREFIX;
export const OFFER_ID_PREFIX = 'dso';
