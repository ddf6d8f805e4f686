import { toMoney, type CurrencyCode, type RequestContext } from '@zhongtai/kit';
import type { RiskRuleRow, RuleVersionRow } from '../db/tables.ts';
import { versionsOfRule } from '../domain/rules.ts';
import type { RiskRuleResolvers, RiskRuleVersionResolvers } from '../generated/resolvers.ts';

export const RiskRule: RiskRuleResolvers = {
  amount: (rule: RiskRuleRow) => (rule.amountMinor !== null && rule.currency ? toMoney(rule.amountMinor, rule.currency as CurrencyCode) : null),
  versions: (rule: RiskRuleRow, _: unknown, ctx: RequestContext) => versionsOfRule(ctx, rule.id),
};

export const RiskRuleVersion: RiskRuleVersionResolvers = {
  settings: (version: RuleVersionRow) => JSON.stringify(version.settings),
};
