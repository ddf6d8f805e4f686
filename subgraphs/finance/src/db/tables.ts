import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgSchema, text, unique, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { idColumn, outboxTable, processedEventsTable, timestampColumn, timestamps, type CurrencyCode } from '@zhongtai/kit';

export const financeSchema = pgSchema('finance');

/** The chart of accounts (domain/accounts.ts says what each one is for). */
export const ACCOUNT_CODES = [
  'PROVIDER_CLEARING',
  'PLATFORM_CASH',
  'CUSTOMER_ADVANCES',
  'DEPOSITS_HELD',
  'MERCHANT_PAYABLE',
  'PAYOUTS_IN_TRANSIT',
  'COMMISSION_REVENUE',
  'REFUNDS_PAYABLE',
  'POINTS_LIABILITY',
  'COUPON_SUBSIDY_PLATFORM',
  'RECONCILIATION_DIFFERENCES',
  'POINTS_REDEEMED',
  'POINTS_EXPENSE',
  'FREIGHT',
  'COUPON_SUBSIDY_SHOP',
  'CONSIGNOR_PAYABLE',
  'CONSIGNMENT_COST',
  'CUSTOMS_TAX_PAYABLE',
] as const;
export const accountCode = financeSchema.enum('account_code', ACCOUNT_CODES);

export const ENTRY_KINDS = [
  'PAYMENT',
  'DEPOSIT',
  'BALANCE',
  'REFUND',
  'COMPLETION',
  'PAYOUT',
  'PAYOUT_PAID',
  'PAYOUT_FAILED',
  'ADJUSTMENT',
  'REVERSAL',
  'POINTS',
  'DEPOSIT_FORFEITED',
  'CONSIGNMENT',
] as const;
export const entryKind = financeSchema.enum('entry_kind', ENTRY_KINDS);

/**
 * One account of the chart per currency, and per shop for the shop's own accounts (its payable).
 * Accounts hold no balance: a balance is the sum of the account's postings.
 */
export const ledgerAccounts = financeSchema.table(
  'ledger_accounts',
  {
    id: idColumn().primaryKey(),
    code: accountCode('code').notNull(),
    shopId: idColumn('shop_id'),
    currency: varchar('currency', { length: 3 }).$type<CurrencyCode>().notNull(),
    ...timestamps(),
  },
  (t) => [unique('ledger_accounts_key').on(t.code, t.shopId, t.currency).nullsNotDistinct(), index('ledger_accounts_shop_idx').on(t.shopId, t.id)],
);

/**
 * A journal entry (凭证): written once, never changed (the database refuses UPDATE and DELETE,
 * migration 0001). `sourceKey` names what caused it (an event id and the rule, a payout's step,
 * an operator's adjustment): unique, so a cause delivered twice posts once.
 */
export const journalEntries = financeSchema.table(
  'journal_entries',
  {
    id: idColumn().primaryKey(),
    sourceKey: varchar('source_key', { length: 200 }).notNull(),
    /** The event that caused it; null for an operator's adjustment or a payout step. */
    eventId: varchar('event_id', { length: 60 }),
    kind: entryKind('kind').notNull(),
    memo: text('memo').notNull(),
    orderId: idColumn('order_id'),
    shopId: idColumn('shop_id'),
    reversesEntryId: idColumn('reverses_entry_id'),
    /** An operator's why (adjustments, reversals). */
    reason: text('reason'),
    actor: varchar('actor', { length: 100 }).notNull(),
    /** When the money moved (the event's time): what a balance "at a date" reads. */
    postedAt: timestampColumn('posted_at').notNull(),
    createdAt: timestampColumn('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('journal_entries_source_key').on(t.sourceKey),
    index('journal_entries_order_idx').on(t.orderId),
    index('journal_entries_posted_idx').on(t.postedAt, t.id),
  ],
);

/** A posting: signed minor units, debit positive, credit negative; an entry's postings sum to zero per currency. */
export const postings = financeSchema.table(
  'postings',
  {
    id: idColumn().primaryKey(),
    entryId: idColumn('entry_id')
      .notNull()
      .references(() => journalEntries.id),
    accountId: idColumn('account_id')
      .notNull()
      .references(() => ledgerAccounts.id),
    code: accountCode('code').notNull(),
    /** The account's shop, repeated so a merchant's postings scope without a join. */
    shopId: idColumn('shop_id'),
    currency: varchar('currency', { length: 3 }).$type<CurrencyCode>().notNull(),
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    orderId: idColumn('order_id'),
    postedAt: timestampColumn('posted_at').notNull(),
  },
  (t) => [
    index('postings_account_idx').on(t.accountId, t.postedAt, t.id),
    index('postings_entry_idx').on(t.entryId),
    index('postings_posted_idx').on(t.postedAt),
    check('postings_amount_nonzero', sql`${t.amount} <> 0`),
  ],
);

export const orderStage = financeSchema.enum('order_stage', ['PAID', 'COMPLETED']);

/**
 * What finance knows of a shop order (from OrderPaid, OrderCompleted): the amounts its postings
 * are computed from. Amounts in minor units of `currency`.
 */
export const shopOrders = financeSchema.table(
  'shop_orders',
  {
    orderId: idColumn('order_id').primaryKey(),
    checkoutId: idColumn('checkout_id').notNull(),
    shopId: idColumn('shop_id').notNull(),
    currency: varchar('currency', { length: 3 }).$type<CurrencyCode>().notNull(),
    payable: bigint('payable', { mode: 'bigint' }).notNull(),
    freight: bigint('freight', { mode: 'bigint' }).notNull(),
    /** 跨境综合税 collected in `payable` (0 for a domestic order): owed to customs, never the shop's. */
    tax: bigint('tax', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    /** The part of `tax` refunds gave back (a refunded cross-border line takes its share of the tax with it). */
    taxRefunded: bigint('tax_refunded', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    stage: orderStage('stage').notNull().default('PAID'),
    /** Cash refunded before completion (comes off what is recognised). */
    refundedBeforeCompletion: bigint('refunded_before_completion', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    paidAt: timestampColumn('paid_at').notNull(),
    completedAt: timestampColumn('completed_at'),
    /** Completion plus T+N: from then on its settlement items may go on a statement. */
    settleableAt: timestampColumn('settleable_at'),
    ...timestamps(),
  },
  (t) => [index('shop_orders_shop_idx').on(t.shopId, t.completedAt), index('shop_orders_checkout_idx').on(t.checkoutId)],
);

/** An order line as finance needs it: its category (commission), what it sold for and who funded its discounts. */
export const shopOrderLines = financeSchema.table(
  'shop_order_lines',
  {
    orderLineId: idColumn('order_line_id').primaryKey(),
    orderId: idColumn('order_id')
      .notNull()
      .references(() => shopOrders.orderId),
    skuId: idColumn('sku_id').notNull(),
    /**
     * The SKU's category and its ancestors, root first, as catalog says after the order was paid
     * (the categorizeOrder job asks; a SKU catalog no longer knows has an empty path). Null until
     * then: the order's completion waits for it, as the commission depends on it.
     */
    categoryPath: jsonb('category_path').$type<string[]>(),
    finalAmount: bigint('final_amount', { mode: 'bigint' }).notNull(),
    platformDiscount: bigint('platform_discount', { mode: 'bigint' }).notNull(),
    shopDiscount: bigint('shop_discount', { mode: 'bigint' }).notNull(),
    pointsValue: bigint('points_value', { mode: 'bigint' }).notNull(),
    /** Commission rate (basis points) in force when the order completed; refunds after completion give it back at this rate. */
    commissionBps: integer('commission_bps'),
    refunded: bigint('refunded', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
  },
  (t) => [index('shop_order_lines_order_idx').on(t.orderId)],
);

/**
 * 佣金: basis points (1/100 of a percent) for a shop or for a category, from `effectiveFrom` on.
 * A category's rate wins over the shop's; the newest effective one applies.
 */
export const commissionRates = financeSchema.table(
  'commission_rates',
  {
    id: idColumn().primaryKey(),
    shopId: idColumn('shop_id'),
    categoryId: idColumn('category_id'),
    rateBps: integer('rate_bps').notNull(),
    effectiveFrom: timestampColumn('effective_from').notNull(),
    ...timestamps(),
  },
  (t) => [
    index('commission_rates_shop_idx').on(t.shopId, t.effectiveFrom),
    index('commission_rates_category_idx').on(t.categoryId, t.effectiveFrom),
    check('commission_rates_target', sql`(${t.shopId} is null) <> (${t.categoryId} is null)`),
    check('commission_rates_range', sql`${t.rateBps} between 0 and 10000`),
  ],
);

export const itemKind = financeSchema.enum('settlement_item_kind', ['ORDER', 'REFUND', 'ADJUSTMENT']);

/**
 * 结算明细: each movement of a shop's payable that a statement settles, traceable to its order.
 * `net` is exactly what its journal entry posted to the shop's payable (credit positive here).
 */
export const settlementItems = financeSchema.table(
  'settlement_items',
  {
    id: idColumn().primaryKey(),
    shopId: idColumn('shop_id').notNull(),
    orderId: idColumn('order_id'),
    currency: varchar('currency', { length: 3 }).$type<CurrencyCode>().notNull(),
    kind: itemKind('kind').notNull(),
    gross: bigint('gross', { mode: 'bigint' }).notNull(),
    refund: bigint('refund', { mode: 'bigint' }).notNull(),
    commission: bigint('commission', { mode: 'bigint' }).notNull(),
    adjustment: bigint('adjustment', { mode: 'bigint' }).notNull(),
    net: bigint('net', { mode: 'bigint' }).notNull(),
    /** Memo, already inside `gross`: the order's freight, and the discounts the shop funded itself (not in gross). */
    freight: bigint('freight', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    shopDiscount: bigint('shop_discount', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    entryId: idColumn('entry_id')
      .notNull()
      .references(() => journalEntries.id),
    occurredAt: timestampColumn('occurred_at').notNull(),
    statementId: idColumn('statement_id'),
    createdAt: timestampColumn('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('settlement_items_entry_key').on(t.entryId, t.shopId),
    index('settlement_items_open_idx')
      .on(t.shopId, t.currency, t.occurredAt)
      .where(sql`${t.statementId} is null`),
    index('settlement_items_statement_idx').on(t.statementId),
    check('settlement_items_net', sql`${t.net} = ${t.gross} - ${t.refund} - ${t.commission} + ${t.adjustment}`),
  ],
);

export const statementPeriod = financeSchema.enum('statement_period', ['DAILY', 'WEEKLY']);
export const statementStatus = financeSchema.enum('statement_status', ['DRAFT', 'CONFIRMED']);

/** 结算单: one shop, one currency, one period. */
export const settlementStatements = financeSchema.table(
  'settlement_statements',
  {
    id: idColumn().primaryKey(),
    shopId: idColumn('shop_id').notNull(),
    currency: varchar('currency', { length: 3 }).$type<CurrencyCode>().notNull(),
    period: statementPeriod('period').notNull(),
    periodStart: timestampColumn('period_start').notNull(),
    periodEnd: timestampColumn('period_end').notNull(),
    openingBalance: bigint('opening_balance', { mode: 'bigint' }).notNull(),
    ordersAmount: bigint('orders_amount', { mode: 'bigint' }).notNull(),
    refundsAmount: bigint('refunds_amount', { mode: 'bigint' }).notNull(),
    commissionAmount: bigint('commission_amount', { mode: 'bigint' }).notNull(),
    adjustmentsAmount: bigint('adjustments_amount', { mode: 'bigint' }).notNull(),
    amountDue: bigint('amount_due', { mode: 'bigint' }).notNull(),
    /** Memo (settlementMath.ts): freight inside the orders, and the shop's own discounts, each net of refunds. */
    freightAmount: bigint('freight_amount', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    shopDiscountsAmount: bigint('shop_discounts_amount', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    status: statementStatus('status').notNull().default('DRAFT'),
    confirmedBy: varchar('confirmed_by', { length: 100 }),
    confirmedAt: timestampColumn('confirmed_at'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('settlement_statements_period_key').on(t.shopId, t.currency, t.periodEnd),
    index('settlement_statements_shop_idx').on(t.shopId, t.periodEnd, t.id),
    index('settlement_statements_created_idx').on(t.createdAt, t.id),
    check(
      'settlement_statements_due',
      sql`${t.amountDue} = ${t.openingBalance} + ${t.ordersAmount} - ${t.refundsAmount} - ${t.commissionAmount} + ${t.adjustmentsAmount}`,
    ),
  ],
);

/** How often the daily job settles a shop (no row: DAILY). */
export const settlementSchedules = financeSchema.table('settlement_schedules', {
  shopId: idColumn('shop_id').primaryKey(),
  period: statementPeriod('period').notNull(),
  ...timestamps(),
});

export const payoutStatus = financeSchema.enum('payout_status', ['PENDING', 'PAID', 'FAILED']);

/** 打款: the amount due of a confirmed statement, sent through a payout provider. */
export const payouts = financeSchema.table(
  'payouts',
  {
    id: idColumn().primaryKey(),
    statementId: idColumn('statement_id')
      .notNull()
      .references(() => settlementStatements.id),
    shopId: idColumn('shop_id').notNull(),
    currency: varchar('currency', { length: 3 }).$type<CurrencyCode>().notNull(),
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    status: payoutStatus('status').notNull().default('PENDING'),
    provider: varchar('provider', { length: 30 }).notNull(),
    providerPayoutId: varchar('provider_payout_id', { length: 100 }).notNull(),
    failureReason: text('failure_reason'),
    paidAt: timestampColumn('paid_at'),
    failedAt: timestampColumn('failed_at'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('payouts_statement_key').on(t.statementId),
    uniqueIndex('payouts_provider_key').on(t.provider, t.providerPayoutId),
    index('payouts_shop_idx').on(t.shopId, t.createdAt, t.id),
    check('payouts_amount_positive', sql`${t.amount} > 0`),
  ],
);

export const movementKind = financeSchema.enum('movement_kind', ['CAPTURE', 'REFUND']);

/** Our side of the provider's statement: each capture and refund we heard of, keyed by our id. */
export const moneyMovements = financeSchema.table(
  'money_movements',
  {
    reference: idColumn('reference').primaryKey(),
    kind: movementKind('kind').notNull(),
    paymentId: idColumn('payment_id').notNull(),
    /** A capture's purpose: a refund of a DEPOSIT capture comes out of the deposits held. */
    purpose: varchar('purpose', { length: 10 }).$type<'FULL' | 'DEPOSIT' | 'BALANCE'>(),
    currency: varchar('currency', { length: 3 }).$type<CurrencyCode>().notNull(),
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    occurredAt: timestampColumn('occurred_at').notNull(),
  },
  (t) => [index('money_movements_occurred_idx').on(t.occurredAt)],
);

/** 对账: one import of a provider's daily statement file. */
export const reconciliationRuns = financeSchema.table(
  'reconciliation_runs',
  {
    id: idColumn().primaryKey(),
    provider: varchar('provider', { length: 30 }).notNull(),
    statementDate: date('statement_date', { mode: 'string' }).notNull(),
    fileLines: integer('file_lines').notNull(),
    counts: jsonb('counts').$type<Record<string, number>>().notNull(),
    actor: varchar('actor', { length: 100 }).notNull(),
    ...timestamps(),
  },
  (t) => [index('reconciliation_runs_created_idx').on(t.createdAt, t.id)],
);

export const matchOutcome = financeSchema.enum('match_outcome', ['MATCHED', 'MISSING_IN_OURS', 'MISSING_IN_PROVIDER', 'AMOUNT_MISMATCH']);

/** One line of a run: matched, or a difference an operator resolves with a reason. */
export const reconciliationItems = financeSchema.table(
  'reconciliation_items',
  {
    id: idColumn().primaryKey(),
    runId: idColumn('run_id')
      .notNull()
      .references(() => reconciliationRuns.id),
    outcome: matchOutcome('outcome').notNull(),
    kind: movementKind('kind').notNull(),
    reference: varchar('reference', { length: 100 }).notNull(),
    currency: varchar('currency', { length: 3 }).$type<CurrencyCode>().notNull(),
    ourAmount: bigint('our_amount', { mode: 'bigint' }),
    providerAmount: bigint('provider_amount', { mode: 'bigint' }),
    resolution: text('resolution'),
    resolvedBy: varchar('resolved_by', { length: 100 }),
    resolvedAt: timestampColumn('resolved_at'),
    adjustingEntryId: idColumn('adjusting_entry_id'),
    ...timestamps(),
  },
  (t) => [index('reconciliation_items_run_idx').on(t.runId, t.outcome, t.id)],
);

export type LedgerAccountRow = typeof ledgerAccounts.$inferSelect;
export type JournalEntryRow = typeof journalEntries.$inferSelect;
export type PostingRow = typeof postings.$inferSelect;
export type AccountCode = (typeof ACCOUNT_CODES)[number];
export type EntryKind = (typeof ENTRY_KINDS)[number];
export type ShopOrderRow = typeof shopOrders.$inferSelect;
export type ShopOrderLineRow = typeof shopOrderLines.$inferSelect;
export type CommissionRateRow = typeof commissionRates.$inferSelect;
export type SettlementItemRow = typeof settlementItems.$inferSelect;
export type SettlementStatementRow = typeof settlementStatements.$inferSelect;
/** A statement line is a settlement item (the GraphQL name). */
export type SettlementLineRow = SettlementItemRow;
export type PayoutRow = typeof payouts.$inferSelect;
export type SettlementScheduleRow = typeof settlementSchedules.$inferSelect;
export type MoneyMovementRow = typeof moneyMovements.$inferSelect;
export type ReconciliationRunRow = typeof reconciliationRuns.$inferSelect;
export type ReconciliationItemRow = typeof reconciliationItems.$inferSelect;

export const outbox = outboxTable(financeSchema);
export const processedEvents = processedEventsTable(financeSchema);
