import type { AfterSaleStepRow } from '../db/tables.ts';
import type { AfterSaleStepResolvers } from '../generated/resolvers.ts';

export const AfterSaleStep: AfterSaleStepResolvers = {
  from: (step: AfterSaleStepRow) => step.fromStatus,
  to: (step: AfterSaleStepRow) => step.toStatus,
  at: (step: AfterSaleStepRow) => step.createdAt,
};
