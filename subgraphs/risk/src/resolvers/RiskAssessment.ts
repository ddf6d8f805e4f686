import { loadScoped, rowById, type RequestContext } from '@zhongtai/kit';
import { assessments, type AssessmentRow } from '../db/tables.ts';
import { ASSESSMENT_ID_PREFIX } from '../domain/ids.ts';
import { assessmentOfOrder } from '../domain/queries.ts';
import { assessmentTenancy } from '../domain/tenancy.ts';
import type { OrderResolvers, RiskAssessmentResolvers } from '../generated/resolvers.ts';

export const RiskAssessment: RiskAssessmentResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) =>
    loadScoped(ctx, assessmentTenancy, rowById(ctx, 'risk.assessmentById', assessments, ASSESSMENT_ID_PREFIX, ref.id), 'read'),
  inputs: (row: AssessmentRow) => JSON.stringify(row.inputs),
};

/** Order.riskAssessment, batched by order id; the SDL lets only operators ask. */
export const Order: OrderResolvers = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  riskAssessment: (order: { id: string }, _: unknown, ctx: RequestContext) => assessmentOfOrder(ctx, order.id),
};
