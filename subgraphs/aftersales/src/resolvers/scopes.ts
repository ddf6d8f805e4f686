import { SCOPED_BY_FIELDS } from '@zhongtai/kit';
import { afterSaleRequestTenancy } from '../domain/tenancy.ts';

export const entityScopes = {
  AfterSaleRequest: afterSaleRequestTenancy,
  Order: SCOPED_BY_FIELDS,
};
