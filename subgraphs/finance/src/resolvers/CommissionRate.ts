import type { CommissionRateRow } from '../db/tables.ts';
import type { CommissionRateResolvers } from '../generated/resolvers.ts';
import { shopRef } from './refs.ts';

export const CommissionRate: CommissionRateResolvers = {
  shop: (row: CommissionRateRow) => shopRef(row.shopId),
};
