import { type ConnectionArgs, type CurrencyCode, type RequestContext } from '@zhongtai/kit';
import type { AccountCode } from '../db/tables.ts';
import { listCommissionRates } from '../domain/commissions.ts';
import { findAccount, findEntry, listAccounts, shopPayable, trialBalance } from '../domain/ledger.ts';
import { listPayouts } from '../domain/payouts.ts';
import { recognizedSales } from '../domain/recognized.ts';
import { findRun, listRuns } from '../domain/reconciliation.ts';
import { findStatement, listStatements, type StatementFilter } from '../domain/statements.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';
import { money } from './refs.ts';

type List<F> = ConnectionArgs & { filter?: F | null };

export const Query: QueryResolvers = {
  trialBalance: (_: unknown, args: { currencyCode: CurrencyCode; at?: Date | null }, ctx: RequestContext) => trialBalance(ctx, args),
  ledgerAccounts: (_: unknown, args: List<{ code?: AccountCode | null; shopId?: string | null; currencyCode?: CurrencyCode | null }>, ctx: RequestContext) =>
    listAccounts(ctx, args, args.filter ?? {}),
  ledgerAccount: (_: unknown, { id }: { id: string }, ctx: RequestContext) => findAccount(ctx, id),
  journalEntry: (_: unknown, { id }: { id: string }, ctx: RequestContext) => findEntry(ctx, id),
  shopPayableBalance: async (_: unknown, { shopId, currencyCode }: { shopId: string; currencyCode: CurrencyCode }, ctx: RequestContext) =>
    money(await shopPayable(ctx, shopId, currencyCode), currencyCode),
  settlementStatements: (_: unknown, args: List<StatementFilter>, ctx: RequestContext) => listStatements(ctx, args, args.filter ?? {}),
  settlementStatement: (_: unknown, { id }: { id: string }, ctx: RequestContext) => findStatement(ctx, id),
  payouts: (_: unknown, args: List<{ shopId?: string | null }>, ctx: RequestContext) => listPayouts(ctx, args, args.filter ?? {}),
  commissionRates: (_: unknown, args: List<{ shopId?: string | null; categoryId?: string | null }>, ctx: RequestContext) =>
    listCommissionRates(ctx, args, args.filter ?? {}),
  reconciliationRuns: (_: unknown, args: ConnectionArgs, ctx: RequestContext) => listRuns(ctx, args),
  reconciliationRun: (_: unknown, { id }: { id: string }, ctx: RequestContext) => findRun(ctx, id),
  recognizedSales: (_: unknown, { from, to }: { from: string; to: string }, ctx: RequestContext) => recognizedSales(ctx, from, to),
};
