import { and, asc, eq } from 'drizzle-orm';
import { isId, newId, ok, parseMoney, Problems, requiredText, type CurrencyCode, type Db, type RequestContext, type Result } from '@zhongtai/kit';
import { riskRules, ruleVersions, type RiskRuleRow, type RuleAction } from '../db/tables.ts';
import { RULE_ID_PREFIX, RULE_VERSION_ID_PREFIX } from './ids.ts';

export function loadRules(db: Db): Promise<RiskRuleRow[]> {
  return db.select().from(riskRules).orderBy(asc(riskRules.kind));
}

export interface UpdateRiskRuleInput {
  ruleId: string;
  enabled?: boolean | null;
  action?: RuleAction | null;
  threshold?: number | null;
  windowSeconds?: number | null;
  amount?: { amount: string; currencyCode: CurrencyCode } | null;
  newAccountDays?: number | null;
  minOrders?: number | null;
  reason: string;
}

/** What a version records: the rule's settings as they are after the change. */
export function settingsOf(rule: RiskRuleRow): Record<string, unknown> {
  return {
    enabled: rule.enabled,
    action: rule.action,
    threshold: rule.threshold,
    windowSeconds: rule.windowSeconds,
    amountMinor: rule.amountMinor?.toString() ?? null,
    currency: rule.currency,
    newAccountDays: rule.newAccountDays,
    minOrders: rule.minOrders,
  };
}

const MAX_WINDOW_SECONDS = 90 * 86_400;

/**
 * An operator changes a rule: its next version, the settings and who changed it and why kept in
 * rule_versions in the same transaction. The update is guarded on the version it read, so two
 * racing changes never both claim one version.
 */
export async function updateRiskRule(ctx: RequestContext, input: UpdateRiskRuleInput): Promise<Result<RiskRuleRow>> {
  const problems = new Problems();
  const reason = requiredText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  if (!isId(RULE_ID_PREFIX, input.ruleId)) return problems.add(['input', 'ruleId'], 'INVALID_ID', `"${input.ruleId}" is not a risk rule id`).refuse();
  const int = (value: number | null | undefined, field: string, max: number) =>
    value == null || problems.check(Number.isInteger(value) && value >= 1 && value <= max, ['input', field], 'OUT_OF_RANGE', `${field} is 1 to ${max}`);
  int(input.threshold, 'threshold', 1_000_000);
  int(input.windowSeconds, 'windowSeconds', MAX_WINDOW_SECONDS);
  int(input.newAccountDays, 'newAccountDays', 3650);
  int(input.minOrders, 'minOrders', 100_000);
  const amountMinor = input.amount ? parseMoney(input.amount, problems, ['input', 'amount']) : undefined;
  if (problems.any) return problems.refuse();
  return ctx.db.transaction(async (tx) => {
    const [rule] = await tx.select().from(riskRules).where(eq(riskRules.id, input.ruleId));
    if (!rule) return problems.add(['input', 'ruleId'], 'NOT_FOUND', `Risk rule ${input.ruleId} not found`).refuse();
    if (rule.kind === 'REFUND_RATE')
      problems.check((input.threshold ?? rule.threshold) <= 100, ['input', 'threshold'], 'OUT_OF_RANGE', 'A refund rate is a percent: 1 to 100');
    if (problems.any) return problems.refuse();
    const [updated] = await tx
      .update(riskRules)
      .set({
        enabled: input.enabled ?? rule.enabled,
        action: input.action ?? rule.action,
        threshold: input.threshold ?? rule.threshold,
        windowSeconds: input.windowSeconds ?? rule.windowSeconds,
        amountMinor: amountMinor ?? rule.amountMinor,
        currency: input.amount?.currencyCode ?? rule.currency,
        newAccountDays: input.newAccountDays ?? rule.newAccountDays,
        minOrders: input.minOrders ?? rule.minOrders,
        version: rule.version + 1,
        updatedAt: ctx.now(),
      })
      .where(and(eq(riskRules.id, rule.id), eq(riskRules.version, rule.version)))
      .returning();
    if (!updated) return problems.add(['input', 'ruleId'], 'INVALID_TRANSITION', 'The rule changed meanwhile; reload and retry').refuse();
    await tx.insert(ruleVersions).values({
      id: newId(RULE_VERSION_ID_PREFIX),
      ruleId: rule.id,
      version: updated.version,
      settings: settingsOf(updated),
      reason: reason ?? input.reason,
      changedBy: ctx.claims?.subject ?? 'system',
    });
    return ok(updated);
  });
}

export function versionsOfRule(ctx: RequestContext, ruleId: string) {
  return ctx.db.select().from(ruleVersions).where(eq(ruleVersions.ruleId, ruleId)).orderBy(asc(ruleVersions.version));
}
