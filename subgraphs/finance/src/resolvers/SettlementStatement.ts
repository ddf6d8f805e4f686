import type { ConnectionArgs, RequestContext } from '@zhongtai/kit';
import type { SettlementLineRow, SettlementStatementRow } from '../db/tables.ts';
import { entryIfVisible } from '../domain/ledger.ts';
import { payoutOfStatement } from '../domain/payouts.ts';
import { findStatement, statementLines } from '../domain/statements.ts';
import type { SettlementLineResolvers, SettlementStatementResolvers } from '../generated/resolvers.ts';
import { money, orderRef } from './refs.ts';

export const SettlementStatement: SettlementStatementResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => findStatement(ctx, ref.id),
  shop: (row: SettlementStatementRow) => ({ __typename: 'Shop' as const, id: row.shopId }),
  openingBalance: (row: SettlementStatementRow) => money(row.openingBalance, row.currency),
  orders: (row: SettlementStatementRow) => money(row.ordersAmount, row.currency),
  refunds: (row: SettlementStatementRow) => money(row.refundsAmount, row.currency),
  commission: (row: SettlementStatementRow) => money(row.commissionAmount, row.currency),
  adjustments: (row: SettlementStatementRow) => money(row.adjustmentsAmount, row.currency),
  amountDue: (row: SettlementStatementRow) => money(row.amountDue, row.currency),
  freight: (row: SettlementStatementRow) => money(row.freightAmount, row.currency),
  shopDiscounts: (row: SettlementStatementRow) => money(row.shopDiscountsAmount, row.currency),
  lines: (row: SettlementStatementRow, args: ConnectionArgs, ctx: RequestContext) => statementLines(ctx, row, args),
  payout: (row: SettlementStatementRow, _: unknown, ctx: RequestContext) => payoutOfStatement(ctx, row.id),
};

/** A line names its journal entry for the platform's readers (the journal is the platform's); a merchant sees the line's own numbers. */
export const SettlementLine: SettlementLineResolvers = {
  order: (row: SettlementLineRow) => orderRef(row.orderId),
  gross: (row: SettlementLineRow) => money(row.gross, row.currency),
  refund: (row: SettlementLineRow) => money(row.refund, row.currency),
  commission: (row: SettlementLineRow) => money(row.commission, row.currency),
  adjustment: (row: SettlementLineRow) => money(row.adjustment, row.currency),
  net: (row: SettlementLineRow) => money(row.net, row.currency),
  freight: (row: SettlementLineRow) => money(row.freight, row.currency),
  shopDiscount: (row: SettlementLineRow) => money(row.shopDiscount, row.currency),
  entry: (row: SettlementLineRow, _: unknown, ctx: RequestContext) => entryIfVisible(ctx, row.entryId),
};
