import type { ConnectionArgs, RequestContext } from '@zhongtai/kit';
import type { LedgerAccountRow } from '../db/tables.ts';
import { accountBalance, accountName, accountPostings, accountType, findAccount } from '../domain/ledger.ts';
import type { LedgerAccountResolvers } from '../generated/resolvers.ts';
import { money, shopRef } from './refs.ts';

export const LedgerAccount: LedgerAccountResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => findAccount(ctx, ref.id),
  name: (row: LedgerAccountRow) => accountName(row),
  type: (row: LedgerAccountRow) => accountType(row),
  shop: (row: LedgerAccountRow) => shopRef(row.shopId),
  currencyCode: (row: LedgerAccountRow) => row.currency,
  balance: async (row: LedgerAccountRow, { at }: { at?: Date | null }, ctx: RequestContext) => money(await accountBalance(ctx, row, at), row.currency),
  postings: (row: LedgerAccountRow, args: ConnectionArgs, ctx: RequestContext) => accountPostings(ctx, row, args),
};
