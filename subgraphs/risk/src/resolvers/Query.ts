import { loadScoped, rowById, type ConnectionArgs, type RequestContext } from '@zhongtai/kit';
import { assessments, type BlocklistKind } from '../db/tables.ts';
import { ASSESSMENT_ID_PREFIX } from '../domain/ids.ts';
import { listAssessments, listBlocklist, type AssessmentFilter } from '../domain/queries.ts';
import { loadRules } from '../domain/rules.ts';
import { assessmentTenancy } from '../domain/tenancy.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

type List<F> = ConnectionArgs & { filter?: F | null };

export const Query: QueryResolvers = {
  riskRules: (_: unknown, __: unknown, ctx: RequestContext) => loadRules(ctx.db),
  riskAssessments: (_: unknown, args: List<AssessmentFilter>, ctx: RequestContext) => listAssessments(ctx, args, args.filter ?? {}),
  riskAssessment: (_: unknown, { id }: { id: string }, ctx: RequestContext) =>
    loadScoped(ctx, assessmentTenancy, rowById(ctx, 'risk.assessmentById', assessments, ASSESSMENT_ID_PREFIX, id), 'read'),
  blocklistEntries: (_: unknown, args: List<{ kind?: BlocklistKind | null }>, ctx: RequestContext) => listBlocklist(ctx, args, args.filter ?? {}),
};
