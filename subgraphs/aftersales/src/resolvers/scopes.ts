import { SCOPED_BY_FIELDS, type EntityScope } from '@zhongtai/kit';
import type { AfterSaleRequestRow } from '../db/tables.ts';

export const entityScopes = {
  // A request is its customer's and its shop's.
  AfterSaleRequest: { shop: (r) => r.shopId, member: (r) => r.memberId } satisfies EntityScope<AfterSaleRequestRow>,
  Order: SCOPED_BY_FIELDS,
};
