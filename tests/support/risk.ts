import type { TestGraph } from './graph.ts';

export const RISK_RULES = '{ riskRules { id kind enabled action threshold windowSeconds version } }';
export const UPDATE_RULE = `mutation($input: UpdateRiskRuleInput!) { updateRiskRule(input: $input) { rule { id kind threshold version versions { version reason } } userErrors { field code message } } }`;
export const ORDER_RISK =
  'query($id: ID!) { order(id: $id) { id status riskAssessment { id decision score skippedReason firedRules { kind action observed threshold } } } }';

export interface OrderRisk {
  id: string;
  status: string;
  riskAssessment: {
    id: string;
    decision: string;
    score: number;
    skippedReason: string | null;
    firedRules: { kind: string; action: string; observed: string; threshold: string }[];
  } | null;
}

/** An operator sets a rule of `kind` (a new version, with a reason); returns the rule as saved. */
export async function setRule(t: TestGraph, kind: string, settings: Record<string, unknown>, reason = 'risk test') {
  const rules = await t.gql<{ riskRules: { id: string; kind: string }[] }>(RISK_RULES, {}, t.tokens.admin);
  const rule = rules.data!.riskRules.find((r) => r.kind === kind)!;
  const res = await t.gql<{ updateRiskRule: { rule: { version: number; versions: { version: number; reason: string }[] }; userErrors: unknown[] } }>(
    UPDATE_RULE,
    { input: { ruleId: rule.id, reason, ...settings } },
    t.tokens.admin,
  );
  if (res.errors || res.data!.updateRiskRule.userErrors.length) throw new Error(JSON.stringify(res.errors ?? res.data!.updateRiskRule.userErrors));
  return res.data!.updateRiskRule.rule;
}

export async function orderRisk(t: TestGraph, orderId: string, token = t.tokens.admin) {
  return t.gql<{ order: OrderRisk }>(ORDER_RISK, { id: orderId }, token);
}
