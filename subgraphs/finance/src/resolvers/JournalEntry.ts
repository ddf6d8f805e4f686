import type { RequestContext } from '@zhongtai/kit';
import type { JournalEntryRow } from '../db/tables.ts';
import { entryPostings, findEntry } from '../domain/ledger.ts';
import type { JournalEntryResolvers } from '../generated/resolvers.ts';
import { orderRef, shopRef } from './refs.ts';

export const JournalEntry: JournalEntryResolvers = {
  order: (row: JournalEntryRow) => orderRef(row.orderId),
  shop: (row: JournalEntryRow) => shopRef(row.shopId),
  reversesEntry: (row: JournalEntryRow, _: unknown, ctx: RequestContext) => (row.reversesEntryId ? findEntry(ctx, row.reversesEntryId) : null),
  postings: (row: JournalEntryRow, _: unknown, ctx: RequestContext) => entryPostings(ctx, row.id),
};
