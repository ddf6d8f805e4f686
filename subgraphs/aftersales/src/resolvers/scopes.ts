import { SCOPED_BY_FIELDS } from '@zhongtai/kit';
import { afterSaleRequestTenancy, serviceTicketTenancy } from '../domain/tenancy.ts';

export const entityScopes = {
  AfterSaleRequest: afterSaleRequestTenancy,
  Order: SCOPED_BY_FIELDS,
  Member: SCOPED_BY_FIELDS,
  ServiceTicket: serviceTicketTenancy,
};
