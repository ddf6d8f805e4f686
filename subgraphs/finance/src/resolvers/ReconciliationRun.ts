import type { ConnectionArgs, RequestContext } from '@zhongtai/kit';
import type { ReconciliationItemRow, ReconciliationRunRow } from '../db/tables.ts';
import { findEntry } from '../domain/ledger.ts';
import type { Outcome } from '../domain/matching.ts';
import { runItems } from '../domain/reconciliation.ts';
import type { ReconciliationItemResolvers, ReconciliationRunResolvers } from '../generated/resolvers.ts';
import { money } from './refs.ts';

type ItemArgs = ConnectionArgs & { filter?: { outcome?: Outcome | null; unresolvedOnly?: boolean | null } | null };

export const ReconciliationRun: ReconciliationRunResolvers = {
  matched: (row: ReconciliationRunRow) => row.counts.MATCHED ?? 0,
  missingInOurs: (row: ReconciliationRunRow) => row.counts.MISSING_IN_OURS ?? 0,
  missingInProvider: (row: ReconciliationRunRow) => row.counts.MISSING_IN_PROVIDER ?? 0,
  amountMismatch: (row: ReconciliationRunRow) => row.counts.AMOUNT_MISMATCH ?? 0,
  items: (row: ReconciliationRunRow, args: ItemArgs, ctx: RequestContext) => runItems(ctx, row, args, args.filter ?? {}),
};

export const ReconciliationItem: ReconciliationItemResolvers = {
  ourAmount: (row: ReconciliationItemRow) => (row.ourAmount === null ? null : money(row.ourAmount, row.currency)),
  providerAmount: (row: ReconciliationItemRow) => (row.providerAmount === null ? null : money(row.providerAmount, row.currency)),
  adjustingEntry: (row: ReconciliationItemRow, _: unknown, ctx: RequestContext) => (row.adjustingEntryId ? findEntry(ctx, row.adjustingEntryId) : null),
};
