import type { BlocklistKind, RiskRuleRow, RuleAction, RuleKind } from '../db/tables.ts';

/**
 * The rules as plain functions: what each rule concludes from the facts an assessment gathered
 * (domain/assess.ts reads the counters, the blocklist and the member's age; nothing here touches a
 * database). A rule fires when what it counts REACHES its threshold: a velocity of 6 orders a
 * minute fires on the 6th order.
 */
export type RuleSettings = Pick<
  RiskRuleRow,
  'id' | 'kind' | 'enabled' | 'action' | 'threshold' | 'windowSeconds' | 'amountMinor' | 'currency' | 'newAccountDays' | 'minOrders' | 'version'
>;

export interface Facts {
  /** What is assessed: the order rules (counts, a new account's large order) judge ORDER only. */
  kind?: 'ORDER' | 'PAYMENT' | 'REFUND';
  /** Counts in each counting rule's own window, this assessment included (absent: not applicable, e.g. no device id given). */
  counts: Partial<Record<RuleKind, number>>;
  amountMinor: bigint;
  currency: string;
  /** How long ago the member registered; null when unknown (the member center did not say). */
  accountAgeSeconds: number | null;
  /** The member's orders and refunds in the REFUND_RATE window (refund assessments only). */
  refunds: { orders: number; refunds: number } | null;
  /** Which blocklists this request hit. */
  blocked: BlocklistKind[];
}

/** Why an assessment said what it said; stored with it, shown to operators only. */
export interface FiredRule {
  ruleId: string;
  kind: RuleKind;
  version: number;
  action: RuleAction;
  /** What the rule saw: a count, an amount in minor units, a percent. */
  observed: string;
  threshold: string;
  detail: string | null;
}

const COUNTING: readonly RuleKind[] = ['VELOCITY_MEMBER', 'VELOCITY_ADDRESS', 'VELOCITY_DEVICE', 'VELOCITY_IP', 'ADDRESS_NEW_ACCOUNTS', 'COUPON_FARMING'];

export function isNewAccount(rule: Pick<RuleSettings, 'newAccountDays'>, accountAgeSeconds: number | null): boolean {
  return accountAgeSeconds !== null && accountAgeSeconds < (rule.newAccountDays ?? 7) * 86_400;
}

/** The rule's conclusion, or null when it does not fire (or is off, or does not apply). */
export function judge(rule: RuleSettings, facts: Facts): FiredRule | null {
  if (!rule.enabled) return null;
  const fired = (observed: string, threshold: string, detail: string | null = null): FiredRule => ({
    ruleId: rule.id,
    kind: rule.kind,
    version: rule.version,
    action: rule.action,
    observed,
    threshold,
    detail,
  });
  if (COUNTING.includes(rule.kind)) {
    const count = facts.counts[rule.kind];
    return count !== undefined && count >= rule.threshold ? fired(String(count), String(rule.threshold), `within ${rule.windowSeconds}s`) : null;
  }
  switch (rule.kind) {
    case 'NEW_ACCOUNT_LARGE_ORDER': {
      const large = rule.amountMinor;
      // A payment or refund of an order already judged would count the same amount twice.
      return (facts.kind ?? 'ORDER') === 'ORDER' &&
        large !== null &&
        rule.currency === facts.currency &&
        facts.amountMinor >= large &&
        isNewAccount(rule, facts.accountAgeSeconds)
        ? fired(facts.amountMinor.toString(), large.toString(), `account younger than ${rule.newAccountDays ?? 7} days`)
        : null;
    }
    case 'REFUND_RATE': {
      const r = facts.refunds;
      if (!r || r.orders < (rule.minOrders ?? 1)) return null;
      const percent = Math.floor((r.refunds * 100) / r.orders);
      return percent >= rule.threshold ? fired(String(percent), String(rule.threshold), `${r.refunds} refunds over ${r.orders} orders`) : null;
    }
    case 'BLOCKLIST':
      return facts.blocked.length ? fired(String(facts.blocked.length), '1', facts.blocked.join(',')) : null;
    default:
      return null;
  }
}

/** Each REVIEW rule adds 40 to the score, each DENY 100; the score is capped at 100. */
const WEIGHT: Record<RuleAction, number> = { REVIEW: 40, DENY: 100 };

export interface Verdict {
  decision: 'ALLOW' | 'REVIEW' | 'DENY';
  score: number;
  fired: FiredRule[];
}

/** The strictest action of the rules that fired decides: any DENY denies, else any REVIEW holds. */
export function evaluate(rules: RuleSettings[], facts: Facts): Verdict {
  const fired = rules.map((r) => judge(r, facts)).filter((f): f is FiredRule => f !== null);
  const score = Math.min(
    100,
    fired.reduce((sum, f) => sum + WEIGHT[f.action], 0),
  );
  const decision = fired.some((f) => f.action === 'DENY') ? 'DENY' : fired.length ? 'REVIEW' : 'ALLOW';
  return { decision, score, fired };
}
