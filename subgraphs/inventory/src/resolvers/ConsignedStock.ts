import { toMoney } from '@zhongtai/kit';
import type { ConsignmentLotRow } from '../db/consignmentTables.ts';
import type { ConsignedStockRow } from '../domain/consignment.ts';
import type { ConsignedStockResolvers, ConsignmentLotResolvers } from '../generated/resolvers.ts';

/** 代销 stock under a stock level (its parent already scoped it). */
export const ConsignedStock: ConsignedStockResolvers = {
  consignor: (row: ConsignedStockRow) => ({ __typename: 'Supplier', id: row.consignorId }),
};

export const ConsignmentLot: ConsignmentLotResolvers = {
  agreedUnitPrice: (row: ConsignmentLotRow) => toMoney(row.unitPrice, row.currency),
  receivedAt: (row: ConsignmentLotRow) => row.createdAt,
};
