import { visibleOrNull, type RequestContext } from '@zhongtai/kit';
import type { PostingRow } from '../db/tables.ts';
import { entryIfVisible, loadAccount } from '../domain/ledger.ts';
import { ledgerAccountTenancy } from '../domain/tenancy.ts';
import type { PostingResolvers } from '../generated/resolvers.ts';
import { money, orderRef } from './refs.ts';

/** A merchant reading its payable's postings sees each posting, not the platform's entry behind it. */
export const Posting: PostingResolvers = {
  entry: (row: PostingRow, _: unknown, ctx: RequestContext) => entryIfVisible(ctx, row.entryId),
  account: async (row: PostingRow, _: unknown, ctx: RequestContext) => visibleOrNull(ctx, ledgerAccountTenancy, await loadAccount(ctx, row.accountId), 'read'),
  amount: (row: PostingRow) => money(row.amount, row.currency),
  debit: (row: PostingRow) => money(row.amount > 0n ? row.amount : 0n, row.currency),
  credit: (row: PostingRow) => money(row.amount < 0n ? -row.amount : 0n, row.currency),
  order: (row: PostingRow) => orderRef(row.orderId),
};
