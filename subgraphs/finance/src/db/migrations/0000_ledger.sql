CREATE SCHEMA "finance";
--> statement-breakpoint
CREATE TYPE "finance"."account_code" AS ENUM('PROVIDER_CLEARING', 'PLATFORM_CASH', 'CUSTOMER_ADVANCES', 'DEPOSITS_HELD', 'MERCHANT_PAYABLE', 'PAYOUTS_IN_TRANSIT', 'COMMISSION_REVENUE', 'REFUNDS_PAYABLE', 'POINTS_LIABILITY', 'COUPON_SUBSIDY_PLATFORM', 'RECONCILIATION_DIFFERENCES');--> statement-breakpoint
CREATE TYPE "finance"."entry_kind" AS ENUM('PAYMENT', 'DEPOSIT', 'BALANCE', 'REFUND', 'COMPLETION', 'PAYOUT', 'PAYOUT_PAID', 'PAYOUT_FAILED', 'ADJUSTMENT', 'REVERSAL');--> statement-breakpoint
CREATE TYPE "finance"."settlement_item_kind" AS ENUM('ORDER', 'REFUND', 'ADJUSTMENT');--> statement-breakpoint
CREATE TYPE "finance"."match_outcome" AS ENUM('MATCHED', 'MISSING_IN_OURS', 'MISSING_IN_PROVIDER', 'AMOUNT_MISMATCH');--> statement-breakpoint
CREATE TYPE "finance"."movement_kind" AS ENUM('CAPTURE', 'REFUND');--> statement-breakpoint
CREATE TYPE "finance"."order_stage" AS ENUM('PAID', 'COMPLETED');--> statement-breakpoint
CREATE TYPE "finance"."payout_status" AS ENUM('PENDING', 'PAID', 'FAILED');--> statement-breakpoint
CREATE TYPE "finance"."statement_period" AS ENUM('DAILY', 'WEEKLY');--> statement-breakpoint
CREATE TYPE "finance"."statement_status" AS ENUM('DRAFT', 'CONFIRMED');--> statement-breakpoint
CREATE TABLE "finance"."commission_rates" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"shop_id" varchar(40),
	"category_id" varchar(40),
	"rate_bps" integer NOT NULL,
	"effective_from" timestamp (3) with time zone NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commission_rates_target" CHECK (("finance"."commission_rates"."shop_id" is null) <> ("finance"."commission_rates"."category_id" is null)),
	CONSTRAINT "commission_rates_range" CHECK ("finance"."commission_rates"."rate_bps" between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "finance"."journal_entries" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"source_key" varchar(200) NOT NULL,
	"event_id" varchar(60),
	"kind" "finance"."entry_kind" NOT NULL,
	"memo" text NOT NULL,
	"order_id" varchar(40),
	"shop_id" varchar(40),
	"reverses_entry_id" varchar(40),
	"reason" text,
	"actor" varchar(100) NOT NULL,
	"posted_at" timestamp (3) with time zone NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance"."ledger_accounts" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"code" "finance"."account_code" NOT NULL,
	"shop_id" varchar(40),
	"currency" varchar(3) NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_accounts_key" UNIQUE NULLS NOT DISTINCT("code","shop_id","currency")
);
--> statement-breakpoint
CREATE TABLE "finance"."money_movements" (
	"reference" varchar(40) PRIMARY KEY NOT NULL,
	"kind" "finance"."movement_kind" NOT NULL,
	"payment_id" varchar(40) NOT NULL,
	"purpose" varchar(10),
	"currency" varchar(3) NOT NULL,
	"amount" bigint NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance"."outbox" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"kind" varchar(10) NOT NULL,
	"topic" varchar(100) NOT NULL,
	"payload" jsonb NOT NULL,
	"start_after" timestamp (3) with time zone,
	"singleton_key" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "finance"."payouts" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"statement_id" varchar(40) NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"currency" varchar(3) NOT NULL,
	"amount" bigint NOT NULL,
	"status" "finance"."payout_status" DEFAULT 'PENDING' NOT NULL,
	"provider" varchar(30) NOT NULL,
	"provider_payout_id" varchar(100) NOT NULL,
	"failure_reason" text,
	"paid_at" timestamp (3) with time zone,
	"failed_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payouts_amount_positive" CHECK ("finance"."payouts"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "finance"."postings" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"entry_id" varchar(40) NOT NULL,
	"account_id" varchar(40) NOT NULL,
	"code" "finance"."account_code" NOT NULL,
	"shop_id" varchar(40),
	"currency" varchar(3) NOT NULL,
	"amount" bigint NOT NULL,
	"order_id" varchar(40),
	"posted_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "postings_amount_nonzero" CHECK ("finance"."postings"."amount" <> 0)
);
--> statement-breakpoint
CREATE TABLE "finance"."processed_events" (
	"event_id" varchar(40) NOT NULL,
	"handler" varchar(100) NOT NULL,
	"processed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_event_id_handler_pk" PRIMARY KEY("event_id","handler")
);
--> statement-breakpoint
CREATE TABLE "finance"."reconciliation_items" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"run_id" varchar(40) NOT NULL,
	"outcome" "finance"."match_outcome" NOT NULL,
	"kind" "finance"."movement_kind" NOT NULL,
	"reference" varchar(100) NOT NULL,
	"currency" varchar(3) NOT NULL,
	"our_amount" bigint,
	"provider_amount" bigint,
	"resolution" text,
	"resolved_by" varchar(100),
	"resolved_at" timestamp (3) with time zone,
	"adjusting_entry_id" varchar(40),
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance"."reconciliation_runs" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"provider" varchar(30) NOT NULL,
	"statement_date" date NOT NULL,
	"file_lines" integer NOT NULL,
	"counts" jsonb NOT NULL,
	"actor" varchar(100) NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance"."settlement_items" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"order_id" varchar(40),
	"currency" varchar(3) NOT NULL,
	"kind" "finance"."settlement_item_kind" NOT NULL,
	"gross" bigint NOT NULL,
	"refund" bigint NOT NULL,
	"commission" bigint NOT NULL,
	"adjustment" bigint NOT NULL,
	"net" bigint NOT NULL,
	"freight" bigint DEFAULT 0 NOT NULL,
	"shop_discount" bigint DEFAULT 0 NOT NULL,
	"entry_id" varchar(40) NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"statement_id" varchar(40),
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "settlement_items_net" CHECK ("finance"."settlement_items"."net" = "finance"."settlement_items"."gross" - "finance"."settlement_items"."refund" - "finance"."settlement_items"."commission" + "finance"."settlement_items"."adjustment")
);
--> statement-breakpoint
CREATE TABLE "finance"."settlement_statements" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"currency" varchar(3) NOT NULL,
	"period" "finance"."statement_period" NOT NULL,
	"period_start" timestamp (3) with time zone NOT NULL,
	"period_end" timestamp (3) with time zone NOT NULL,
	"opening_balance" bigint NOT NULL,
	"orders_amount" bigint NOT NULL,
	"refunds_amount" bigint NOT NULL,
	"commission_amount" bigint NOT NULL,
	"adjustments_amount" bigint NOT NULL,
	"amount_due" bigint NOT NULL,
	"status" "finance"."statement_status" DEFAULT 'DRAFT' NOT NULL,
	"confirmed_by" varchar(100),
	"confirmed_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "settlement_statements_due" CHECK ("finance"."settlement_statements"."amount_due" = "finance"."settlement_statements"."opening_balance" + "finance"."settlement_statements"."orders_amount" - "finance"."settlement_statements"."refunds_amount" - "finance"."settlement_statements"."commission_amount" + "finance"."settlement_statements"."adjustments_amount")
);
--> statement-breakpoint
CREATE TABLE "finance"."shop_order_lines" (
	"order_line_id" varchar(40) PRIMARY KEY NOT NULL,
	"order_id" varchar(40) NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"category_path" jsonb NOT NULL,
	"final_amount" bigint NOT NULL,
	"platform_discount" bigint NOT NULL,
	"shop_discount" bigint NOT NULL,
	"points_value" bigint NOT NULL,
	"commission_bps" integer,
	"refunded" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance"."shop_orders" (
	"order_id" varchar(40) PRIMARY KEY NOT NULL,
	"checkout_id" varchar(40) NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"currency" varchar(3) NOT NULL,
	"payable" bigint NOT NULL,
	"freight" bigint NOT NULL,
	"stage" "finance"."order_stage" DEFAULT 'PAID' NOT NULL,
	"refunded_before_completion" bigint DEFAULT 0 NOT NULL,
	"paid_at" timestamp (3) with time zone NOT NULL,
	"completed_at" timestamp (3) with time zone,
	"settleable_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "finance"."payouts" ADD CONSTRAINT "payouts_statement_id_settlement_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "finance"."settlement_statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance"."postings" ADD CONSTRAINT "postings_entry_id_journal_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "finance"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance"."postings" ADD CONSTRAINT "postings_account_id_ledger_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "finance"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance"."reconciliation_items" ADD CONSTRAINT "reconciliation_items_run_id_reconciliation_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "finance"."reconciliation_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance"."settlement_items" ADD CONSTRAINT "settlement_items_entry_id_journal_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "finance"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance"."shop_order_lines" ADD CONSTRAINT "shop_order_lines_order_id_shop_orders_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "finance"."shop_orders"("order_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "commission_rates_shop_idx" ON "finance"."commission_rates" USING btree ("shop_id","effective_from");--> statement-breakpoint
CREATE INDEX "commission_rates_category_idx" ON "finance"."commission_rates" USING btree ("category_id","effective_from");--> statement-breakpoint
CREATE UNIQUE INDEX "journal_entries_source_key" ON "finance"."journal_entries" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "journal_entries_order_idx" ON "finance"."journal_entries" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "journal_entries_posted_idx" ON "finance"."journal_entries" USING btree ("posted_at","id");--> statement-breakpoint
CREATE INDEX "ledger_accounts_shop_idx" ON "finance"."ledger_accounts" USING btree ("shop_id","id");--> statement-breakpoint
CREATE INDEX "money_movements_occurred_idx" ON "finance"."money_movements" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "finance"."outbox" USING btree ("id") WHERE published_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "payouts_statement_key" ON "finance"."payouts" USING btree ("statement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payouts_provider_key" ON "finance"."payouts" USING btree ("provider","provider_payout_id");--> statement-breakpoint
CREATE INDEX "payouts_shop_idx" ON "finance"."payouts" USING btree ("shop_id","created_at","id");--> statement-breakpoint
CREATE INDEX "postings_account_idx" ON "finance"."postings" USING btree ("account_id","posted_at","id");--> statement-breakpoint
CREATE INDEX "postings_entry_idx" ON "finance"."postings" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "postings_posted_idx" ON "finance"."postings" USING btree ("posted_at");--> statement-breakpoint
CREATE INDEX "reconciliation_items_run_idx" ON "finance"."reconciliation_items" USING btree ("run_id","outcome","id");--> statement-breakpoint
CREATE INDEX "reconciliation_runs_created_idx" ON "finance"."reconciliation_runs" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_items_entry_key" ON "finance"."settlement_items" USING btree ("entry_id","shop_id");--> statement-breakpoint
CREATE INDEX "settlement_items_open_idx" ON "finance"."settlement_items" USING btree ("shop_id","currency","occurred_at") WHERE "finance"."settlement_items"."statement_id" is null;--> statement-breakpoint
CREATE INDEX "settlement_items_statement_idx" ON "finance"."settlement_items" USING btree ("statement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_statements_period_key" ON "finance"."settlement_statements" USING btree ("shop_id","currency","period_end");--> statement-breakpoint
CREATE INDEX "settlement_statements_shop_idx" ON "finance"."settlement_statements" USING btree ("shop_id","period_end","id");--> statement-breakpoint
CREATE INDEX "settlement_statements_created_idx" ON "finance"."settlement_statements" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "shop_order_lines_order_idx" ON "finance"."shop_order_lines" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "shop_orders_shop_idx" ON "finance"."shop_orders" USING btree ("shop_id","completed_at");--> statement-breakpoint
CREATE INDEX "shop_orders_checkout_idx" ON "finance"."shop_orders" USING btree ("checkout_id");