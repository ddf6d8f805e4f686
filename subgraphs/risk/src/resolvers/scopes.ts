import { SCOPED_BY_FIELDS } from '@zhongtai/kit';

/**
 * The risk center's own rows are read through its root fields only (scoped by domain/tenancy.ts:
 * operators alone), never by reference, so no type of its own is an entity. Order is the orders
 * center's: this center only adds riskAssessment, guarded in the SDL (operators only).
 */
export const entityScopes = {
  Order: SCOPED_BY_FIELDS,
};
