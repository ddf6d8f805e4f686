import { SCOPED_BY_FIELDS } from '@zhongtai/kit';
import { assessmentTenancy, blocklistEntryTenancy, riskRuleTenancy } from '../domain/tenancy.ts';

/** Order is the orders center's: this center only adds riskAssessment, guarded in the SDL (operators only). */
export const entityScopes = {
  RiskRule: riskRuleTenancy,
  RiskAssessment: assessmentTenancy,
  BlocklistEntry: blocklistEntryTenancy,
  Order: SCOPED_BY_FIELDS,
};
