import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgSchema, primaryKey, text, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { idColumn, outboxTable, processedEventsTable, timestampColumn, timestamps } from '@zhongtai/kit';
import type { FiredRule } from '../domain/evaluate.ts';

export const riskSchema = pgSchema('risk');

export const RULE_KINDS = [
  'VELOCITY_MEMBER',
  'VELOCITY_ADDRESS',
  'VELOCITY_DEVICE',
  'VELOCITY_IP',
  'NEW_ACCOUNT_LARGE_ORDER',
  'ADDRESS_NEW_ACCOUNTS',
  'REFUND_RATE',
  'COUPON_FARMING',
  'BLOCKLIST',
] as const;
export const RULE_ACTIONS = ['REVIEW', 'DENY'] as const;
export const DECISIONS = ['ALLOW', 'REVIEW', 'DENY', 'SKIPPED'] as const;
export const ASSESSMENT_KINDS = ['ORDER', 'PAYMENT', 'REFUND'] as const;
export const BLOCKLIST_KINDS = ['MEMBER', 'PHONE', 'ADDRESS', 'DEVICE'] as const;

export const ruleKind = riskSchema.enum('rule_kind', RULE_KINDS);
export const ruleAction = riskSchema.enum('rule_action', RULE_ACTIONS);
export const decision = riskSchema.enum('decision', DECISIONS);
export const assessmentKind = riskSchema.enum('assessment_kind', ASSESSMENT_KINDS);
export const blocklistKind = riskSchema.enum('blocklist_kind', BLOCKLIST_KINDS);

/**
 * One rule per kind, the platform's: its threshold (a count, or a percent for REFUND_RATE), its
 * window, what it does when it fires and whether it is on. `amount_minor` is the "large order" of
 * NEW_ACCOUNT_LARGE_ORDER; `new_account_days` says who is new; `min_orders` is the N orders the
 * refund rate needs before it means anything. `version` grows with every change (rule_versions).
 */
export const riskRules = riskSchema.table(
  'risk_rules',
  {
    id: idColumn().primaryKey(),
    kind: ruleKind('kind').notNull(),
    enabled: boolean('enabled').notNull(),
    action: ruleAction('action').notNull(),
    threshold: integer('threshold').notNull(),
    windowSeconds: integer('window_seconds').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }),
    currency: varchar('currency', { length: 3 }),
    newAccountDays: integer('new_account_days'),
    minOrders: integer('min_orders'),
    version: integer('version').notNull().default(1),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('risk_rules_kind').on(t.kind),
    index('risk_rules_created_idx').on(t.createdAt, t.id),
    check('risk_rules_positive', sql`${t.threshold} > 0 and ${t.windowSeconds} > 0`),
  ],
);

/** Every version of every rule as it was set, by whom and why: the rule's history is never lost. */
export const ruleVersions = riskSchema.table(
  'rule_versions',
  {
    id: idColumn().primaryKey(),
    ruleId: idColumn('rule_id')
      .notNull()
      .references(() => riskRules.id),
    version: integer('version').notNull(),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
    reason: text('reason'),
    changedBy: varchar('changed_by', { length: 100 }).notNull(),
    createdAt: timestampColumn('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('rule_versions_rule_version').on(t.ruleId, t.version)],
);

/**
 * One verdict: what was asked (the inputs as given), what it answered and why (the rules that
 * fired, each with the version it ran under and the count it saw). SKIPPED is recorded when the
 * caller went on without a verdict (the center was down or late).
 */
export const assessments = riskSchema.table(
  'assessments',
  {
    id: idColumn().primaryKey(),
    kind: assessmentKind('kind').notNull(),
    decision: decision('decision').notNull(),
    score: integer('score').notNull(),
    firedRules: jsonb('fired_rules').$type<FiredRule[]>().notNull(),
    inputs: jsonb('inputs').$type<Record<string, unknown>>().notNull(),
    memberId: idColumn('member_id').notNull(),
    /** The order (a checkout: the parent order) or payment or refund that was assessed. */
    subjectId: idColumn('subject_id').notNull(),
    /** Why no verdict applied (SKIPPED only). */
    skippedReason: text('skipped_reason'),
    ...timestamps(),
  },
  (t) => [
    index('assessments_created_idx').on(t.createdAt, t.id),
    index('assessments_decision_idx').on(t.decision, t.createdAt, t.id),
    index('assessments_subject_idx').on(t.subjectId),
    // At most one SKIPPED per subject: the caller's retries record it once.
    uniqueIndex('assessments_one_skip')
      .on(t.kind, t.subjectId)
      .where(sql`${t.decision} = 'SKIPPED'`),
  ],
);

/** Which assessment an order answers to: the verdict the order acted on (a SKIPPED one replaces a late verdict). */
export const assessmentOrders = riskSchema.table('assessment_orders', {
  orderId: idColumn('order_id').primaryKey(),
  assessmentId: idColumn('assessment_id')
    .notNull()
    .references(() => assessments.id),
});

/**
 * Counters the rules read: events per (dimension, key) per minute bucket. Incremented with one
 * upsert in the assessment's transaction; a window is the sum of its buckets. Never derived by
 * scanning orders.
 */
export const counters = riskSchema.table(
  'counters',
  {
    dimension: varchar('dimension', { length: 40 }).notNull(),
    key: varchar('key', { length: 300 }).notNull(),
    bucket: timestampColumn('bucket').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.dimension, t.key, t.bucket] })],
);

/**
 * Distinct members seen per (dimension, key): new accounts per address (刷单), new members per
 * device and coupon template (coupon farming). First sighting only; the window reads `first_seen_at`.
 */
export const sightings = riskSchema.table(
  'sightings',
  {
    dimension: varchar('dimension', { length: 40 }).notNull(),
    key: varchar('key', { length: 300 }).notNull(),
    memberId: idColumn('member_id').notNull(),
    firstSeenAt: timestampColumn('first_seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.dimension, t.key, t.memberId] }), index('sightings_window_idx').on(t.dimension, t.key, t.firstSeenAt)],
);

/**
 * When each member assessed so far registered, as the member center said (a registration date
 * never changes): the new-account rules ask the member center once per member, not per order.
 */
export const memberRegistrations = riskSchema.table('member_registrations', {
  memberId: idColumn('member_id').primaryKey(),
  registeredAt: timestampColumn('registered_at').notNull(),
});

/** A blocked member, phone, address or device, until `expires_at` (null: until removed). */
export const blocklistEntries = riskSchema.table(
  'blocklist_entries',
  {
    id: idColumn().primaryKey(),
    kind: blocklistKind('kind').notNull(),
    /** Normalised (domain/keys.ts), so spelling variants of one address match. */
    value: varchar('value', { length: 300 }).notNull(),
    reason: text('reason').notNull(),
    expiresAt: timestampColumn('expires_at'),
    removedAt: timestampColumn('removed_at'),
    createdBy: varchar('created_by', { length: 100 }).notNull(),
    ...timestamps(),
  },
  (t) => [index('blocklist_value_idx').on(t.kind, t.value), index('blocklist_created_idx').on(t.createdAt, t.id)],
);

export type RiskRuleRow = typeof riskRules.$inferSelect;
export type RuleVersionRow = typeof ruleVersions.$inferSelect;
export type AssessmentRow = typeof assessments.$inferSelect;
export type BlocklistEntryRow = typeof blocklistEntries.$inferSelect;
export type RuleKind = RiskRuleRow['kind'];
export type RuleAction = RiskRuleRow['action'];
export type Decision = AssessmentRow['decision'];
export type BlocklistKind = BlocklistEntryRow['kind'];

export const outbox = outboxTable(riskSchema);
export const processedEvents = processedEventsTable(riskSchema);
/** The GraphQL types' rows (codegen maps a type X to an exported XRow). */
export type RiskAssessmentRow = AssessmentRow;
export type RiskRuleVersionRow = RuleVersionRow;
