import { tenancy } from '@zhongtai/kit';
import { afterSaleRequests } from '../db/tables.ts';

/**
 * A request is its customer's and the shop's it was filed with. The shop's staff (and operators)
 * decide it; the customer's own steps are checked with `callerMember` (domain/access.ts), so a
 * member does not `write` the row: a customer never approves their own request.
 */
export const afterSaleRequestTenancy = tenancy('after-sale request', afterSaleRequests, { shop: 'shopId', member: 'memberId' });
