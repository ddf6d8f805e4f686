import { toMinor, toMoney, type ConnectionArgs, type RequestContext } from '@zhongtai/kit';
import type { ConsignmentStatementLineRow, ConsignorPayoutRow } from '../db/consignmentTables.ts';
import { payoutsWithin } from '../domain/consignorPayouts.ts';
import { consignmentStatementLinesOf, type ConsignmentStatementRow } from '../domain/consignment.ts';
import type { ConsignmentStatementLineResolvers, ConsignmentStatementResolvers, ConsignorPayoutResolvers } from '../generated/resolvers.ts';

/** 代销对账: reached only through its supplier, which is scoped already. */
export const ConsignmentStatement: ConsignmentStatementResolvers = {
  lines: (row: ConsignmentStatementRow, args: ConnectionArgs, ctx: RequestContext) => consignmentStatementLinesOf(ctx, row, args),
  payouts: (row: ConsignmentStatementRow, _: unknown, ctx: RequestContext) => payoutsWithin(ctx, row.supplierId, row),
  paid: async (row: ConsignmentStatementRow, _: unknown, ctx: RequestContext) =>
    toMoney(paidWithin(await payoutsWithin(ctx, row.supplierId, row)), row.currencyCode),
  balance: async (row: ConsignmentStatementRow, _: unknown, ctx: RequestContext) =>
    toMoney(toMinor(row.owed) - paidWithin(await payoutsWithin(ctx, row.supplierId, row)), row.currencyCode),
};

const paidWithin = (payouts: ConsignorPayoutRow[]) => payouts.reduce((sum, p) => sum + p.amount, 0n);

export const ConsignorPayout: ConsignorPayoutResolvers = {
  from: (row: ConsignorPayoutRow) => row.periodFrom,
  to: (row: ConsignorPayoutRow) => row.periodTo,
  currencyCode: (row: ConsignorPayoutRow) => row.currency,
  amount: (row: ConsignorPayoutRow) => toMoney(row.amount, row.currency),
};

export const ConsignmentStatementLine: ConsignmentStatementLineResolvers = {
  sku: (row: ConsignmentStatementLineRow) => ({ __typename: 'Sku', id: row.skuId }),
  unitPrice: (row: ConsignmentStatementLineRow) => toMoney(row.unitPrice, row.currency),
  amount: (row: ConsignmentStatementLineRow) => toMoney(row.amount, row.currency),
};
