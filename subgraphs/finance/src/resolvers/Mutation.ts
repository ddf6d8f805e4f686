import { toPayload, type RequestContext } from '@zhongtai/kit';
import { postAdjustingEntry, reverseEntry, type AdjustingEntryInput } from '../domain/adjustments.ts';
import { setCommissionRate, type SetCommissionRateInput } from '../domain/commissions.ts';
import { confirmStatement, sandboxSettlePayout } from '../domain/payouts.ts';
import { importStatement, resolveDifference } from '../domain/reconciliation.ts';
import { setSettlementSchedule, type StatementPeriod } from '../domain/schedules.ts';
import { generateStatement, type GenerateStatementInput } from '../domain/statements.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

type Input<T> = { input: T };

export const Mutation: MutationResolvers = {
  setCommissionRate: async (_: unknown, { input }: Input<SetCommissionRateInput>, ctx: RequestContext) =>
    toPayload('rate', await setCommissionRate(ctx, input)),
  setSettlementSchedule: async (_: unknown, { input }: Input<{ shopId: string; period: StatementPeriod }>, ctx: RequestContext) =>
    toPayload('schedule', await setSettlementSchedule(ctx, input)),
  generateSettlementStatement: async (_: unknown, { input }: Input<GenerateStatementInput>, ctx: RequestContext) =>
    toPayload('statement', await generateStatement(ctx, input)),
  confirmSettlementStatement: async (_: unknown, { input }: Input<{ id: string }>, ctx: RequestContext) =>
    toPayload('statement', await confirmStatement(ctx, input)),
  sandboxSettlePayout: async (_: unknown, { input }: Input<{ payoutId: string; outcome: 'PAID' | 'FAILED'; reason?: string | null }>, ctx: RequestContext) =>
    toPayload('payout', await sandboxSettlePayout(ctx, input)),
  importProviderStatement: async (_: unknown, { input }: Input<{ date: string; csv?: string | null; provider?: string | null }>, ctx: RequestContext) =>
    toPayload('run', await importStatement(ctx, input)),
  resolveReconciliationDifference: async (_: unknown, { input }: Input<{ id: string; reason: string }>, ctx: RequestContext) =>
    toPayload('item', await resolveDifference(ctx, input)),
  postAdjustingEntry: async (_: unknown, { input }: Input<AdjustingEntryInput>, ctx: RequestContext) =>
    toPayload('entry', await postAdjustingEntry(ctx, input)),
  reverseJournalEntry: async (_: unknown, { input }: Input<{ entryId: string; reason: string }>, ctx: RequestContext) =>
    toPayload('entry', await reverseEntry(ctx, input)),
};
