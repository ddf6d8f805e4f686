import type { RequestContext } from '@zhongtai/kit';
import type { AssessmentRow } from '../db/tables.ts';
import { assessmentOfOrder } from '../domain/queries.ts';
import type { OrderResolvers, RiskAssessmentResolvers } from '../generated/resolvers.ts';

export const RiskAssessment: RiskAssessmentResolvers = {
  inputs: (row: AssessmentRow) => JSON.stringify(row.inputs),
};

/** Order.riskAssessment, batched by order id; the SDL lets only operators ask. */
export const Order: OrderResolvers = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  riskAssessment: (order: { id: string }, _: unknown, ctx: RequestContext) => assessmentOfOrder(ctx, order.id),
};
