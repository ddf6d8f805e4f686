import { toMoney, type ConnectionArgs, type RequestContext } from '@zhongtai/kit';
import type { ConsignmentStatementLineRow } from '../db/consignmentTables.ts';
import { consignmentStatementLinesOf, type ConsignmentStatementRow } from '../domain/consignment.ts';
import type { ConsignmentStatementLineResolvers, ConsignmentStatementResolvers } from '../generated/resolvers.ts';

/** 代销对账: reached only through its supplier, which is scoped already. */
export const ConsignmentStatement: ConsignmentStatementResolvers = {
  lines: (row: ConsignmentStatementRow, args: ConnectionArgs, ctx: RequestContext) => consignmentStatementLinesOf(ctx, row, args),
};

export const ConsignmentStatementLine: ConsignmentStatementLineResolvers = {
  sku: (row: ConsignmentStatementLineRow) => ({ __typename: 'Sku', id: row.skuId }),
  unitPrice: (row: ConsignmentStatementLineRow) => toMoney(row.unitPrice, row.currency),
  amount: (row: ConsignmentStatementLineRow) => toMoney(row.amount, row.currency),
};
