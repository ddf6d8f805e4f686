import type { Resolvers } from '../generated/resolvers.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import { Order, RiskAssessment } from './RiskAssessment.ts';
import { RiskRule, RiskRuleVersion } from './RiskRule.ts';

export const resolvers: Resolvers = { Query, Mutation, RiskRule, RiskRuleVersion, RiskAssessment, Order };
