import { toPayload, type RequestContext } from '@zhongtai/kit';
import { assessRisk, type AssessRiskInput } from '../domain/assess.ts';
import { addBlocklistEntry, removeBlocklistEntry, type AddBlocklistEntryInput } from '../domain/blocklist.ts';
import { updateRiskRule, type UpdateRiskRuleInput } from '../domain/rules.ts';
import { recordSkippedAssessment } from '../domain/skipped.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

type Input<T> = { input: T };

export const Mutation: MutationResolvers = {
  updateRiskRule: async (_: unknown, { input }: Input<UpdateRiskRuleInput>, ctx: RequestContext) => toPayload('rule', await updateRiskRule(ctx, input)),
  addBlocklistEntry: async (_: unknown, { input }: Input<AddBlocklistEntryInput>, ctx: RequestContext) =>
    toPayload('entry', await addBlocklistEntry(ctx, input)),
  removeBlocklistEntry: async (_: unknown, { input }: Input<{ entryId: string }>, ctx: RequestContext) =>
    toPayload('entry', await removeBlocklistEntry(ctx, input)),
  assessRisk: async (_: unknown, { input }: Input<AssessRiskInput>, ctx: RequestContext) => toPayload('assessment', await assessRisk(ctx, input)),
  recordSkippedAssessment: async (_: unknown, { input }: Input<AssessRiskInput & { reason: string }>, ctx: RequestContext) =>
    toPayload('assessment', await recordSkippedAssessment(ctx, input)),
};
