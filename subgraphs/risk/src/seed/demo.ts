import { count } from 'drizzle-orm';
import { seedId, type Db } from '@zhongtai/kit';
import { riskRules, ruleVersions, type RiskRuleRow } from '../db/tables.ts';
import { settingsOf } from '../domain/rules.ts';
import { RULE_ID_PREFIX, RULE_VERSION_ID_PREFIX } from '../domain/ids.ts';

const MINUTE = 60;
const DAY = 86_400;

/**
 * The default rule set, every rule switched on, at thresholds a real shop would start from but
 * generous enough for the demo's own traffic: the demo customer places a hundred orders a minute in
 * load tests and the test suite, so velocity holds only far beyond that. Operators tighten them
 * (updateRiskRule); the risk tests do exactly that on their own database.
 */
const DEFAULTS: Omit<RiskRuleRow, 'id' | 'version' | 'createdAt' | 'updatedAt'>[] = [
  {
    kind: 'VELOCITY_MEMBER',
    enabled: true,
    action: 'REVIEW',
    threshold: 500,
    windowSeconds: MINUTE,
    amountMinor: null,
    currency: null,
    newAccountDays: null,
    minOrders: null,
  },
  {
    kind: 'VELOCITY_ADDRESS',
    enabled: true,
    action: 'REVIEW',
    threshold: 500,
    windowSeconds: MINUTE,
    amountMinor: null,
    currency: null,
    newAccountDays: null,
    minOrders: null,
  },
  {
    kind: 'VELOCITY_DEVICE',
    enabled: true,
    action: 'REVIEW',
    threshold: 500,
    windowSeconds: MINUTE,
    amountMinor: null,
    currency: null,
    newAccountDays: null,
    minOrders: null,
  },
  {
    kind: 'VELOCITY_IP',
    enabled: true,
    action: 'REVIEW',
    threshold: 1000,
    windowSeconds: MINUTE,
    amountMinor: null,
    currency: null,
    newAccountDays: null,
    minOrders: null,
  },
  // ¥50,000 from an account younger than a week.
  {
    kind: 'NEW_ACCOUNT_LARGE_ORDER',
    enabled: true,
    action: 'REVIEW',
    threshold: 1,
    windowSeconds: DAY,
    amountMinor: 5_000_000n,
    currency: 'CNY',
    newAccountDays: 7,
    minOrders: null,
  },
  {
    kind: 'ADDRESS_NEW_ACCOUNTS',
    enabled: true,
    action: 'REVIEW',
    threshold: 20,
    windowSeconds: DAY,
    amountMinor: null,
    currency: null,
    newAccountDays: 7,
    minOrders: null,
  },
  {
    kind: 'REFUND_RATE',
    enabled: true,
    action: 'REVIEW',
    threshold: 80,
    windowSeconds: 30 * DAY,
    amountMinor: null,
    currency: null,
    newAccountDays: null,
    minOrders: 10,
  },
  {
    kind: 'COUPON_FARMING',
    enabled: true,
    action: 'REVIEW',
    threshold: 10,
    windowSeconds: DAY,
    amountMinor: null,
    currency: null,
    newAccountDays: 7,
    minOrders: null,
  },
  {
    kind: 'BLOCKLIST',
    enabled: true,
    action: 'DENY',
    threshold: 1,
    windowSeconds: DAY,
    amountMinor: null,
    currency: null,
    newAccountDays: null,
    minOrders: null,
  },
];

export const seed = {
  async isEmpty(db: Db): Promise<boolean> {
    const [row] = await db.select({ n: count() }).from(riskRules);
    return (row?.n ?? 0) === 0;
  },
  async run(db: Db): Promise<void> {
    await db.transaction(async (tx) => {
      for (const [i, rule] of DEFAULTS.entries()) {
        const [row] = await tx
          .insert(riskRules)
          .values({ id: seedId(RULE_ID_PREFIX, i + 1), version: 1, ...rule })
          .onConflictDoNothing()
          .returning();
        if (row)
          await tx
            .insert(ruleVersions)
            .values({
              id: seedId(RULE_VERSION_ID_PREFIX, i + 1),
              ruleId: row.id,
              version: 1,
              settings: settingsOf(row),
              reason: 'default rule set',
              changedBy: 'seed',
            })
            .onConflictDoNothing();
      }
    });
  },
};
