CREATE SCHEMA "risk";
--> statement-breakpoint
CREATE TYPE "risk"."assessment_kind" AS ENUM('ORDER', 'PAYMENT', 'REFUND');--> statement-breakpoint
CREATE TYPE "risk"."blocklist_kind" AS ENUM('MEMBER', 'PHONE', 'ADDRESS', 'DEVICE');--> statement-breakpoint
CREATE TYPE "risk"."decision" AS ENUM('ALLOW', 'REVIEW', 'DENY', 'SKIPPED');--> statement-breakpoint
CREATE TYPE "risk"."rule_action" AS ENUM('REVIEW', 'DENY');--> statement-breakpoint
CREATE TYPE "risk"."rule_kind" AS ENUM('VELOCITY_MEMBER', 'VELOCITY_ADDRESS', 'VELOCITY_DEVICE', 'VELOCITY_IP', 'NEW_ACCOUNT_LARGE_ORDER', 'ADDRESS_NEW_ACCOUNTS', 'REFUND_RATE', 'COUPON_FARMING', 'BLOCKLIST');--> statement-breakpoint
CREATE TABLE "risk"."assessment_orders" (
	"order_id" varchar(40) PRIMARY KEY NOT NULL,
	"assessment_id" varchar(40) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk"."assessments" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"kind" "risk"."assessment_kind" NOT NULL,
	"decision" "risk"."decision" NOT NULL,
	"score" integer NOT NULL,
	"fired_rules" jsonb NOT NULL,
	"inputs" jsonb NOT NULL,
	"member_id" varchar(40) NOT NULL,
	"subject_id" varchar(40) NOT NULL,
	"skipped_reason" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk"."blocklist_entries" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"kind" "risk"."blocklist_kind" NOT NULL,
	"value" varchar(300) NOT NULL,
	"reason" text NOT NULL,
	"expires_at" timestamp (3) with time zone,
	"removed_at" timestamp (3) with time zone,
	"created_by" varchar(100) NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk"."counters" (
	"dimension" varchar(40) NOT NULL,
	"key" varchar(300) NOT NULL,
	"bucket" timestamp (3) with time zone NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "counters_dimension_key_bucket_pk" PRIMARY KEY("dimension","key","bucket")
);
--> statement-breakpoint
CREATE TABLE "risk"."outbox" (
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
CREATE TABLE "risk"."processed_events" (
	"event_id" varchar(40) NOT NULL,
	"handler" varchar(100) NOT NULL,
	"processed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_event_id_handler_pk" PRIMARY KEY("event_id","handler")
);
--> statement-breakpoint
CREATE TABLE "risk"."risk_rules" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"kind" "risk"."rule_kind" NOT NULL,
	"enabled" boolean NOT NULL,
	"action" "risk"."rule_action" NOT NULL,
	"threshold" integer NOT NULL,
	"window_seconds" integer NOT NULL,
	"amount_minor" bigint,
	"currency" varchar(3),
	"new_account_days" integer,
	"min_orders" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risk_rules_positive" CHECK ("risk"."risk_rules"."threshold" > 0 and "risk"."risk_rules"."window_seconds" > 0)
);
--> statement-breakpoint
CREATE TABLE "risk"."rule_versions" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"rule_id" varchar(40) NOT NULL,
	"version" integer NOT NULL,
	"settings" jsonb NOT NULL,
	"reason" text,
	"changed_by" varchar(100) NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk"."sightings" (
	"dimension" varchar(40) NOT NULL,
	"key" varchar(300) NOT NULL,
	"member_id" varchar(40) NOT NULL,
	"first_seen_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "sightings_dimension_key_member_id_pk" PRIMARY KEY("dimension","key","member_id")
);
--> statement-breakpoint
ALTER TABLE "risk"."assessment_orders" ADD CONSTRAINT "assessment_orders_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "risk"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk"."rule_versions" ADD CONSTRAINT "rule_versions_rule_id_risk_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "risk"."risk_rules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessments_created_idx" ON "risk"."assessments" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "assessments_decision_idx" ON "risk"."assessments" USING btree ("decision","created_at","id");--> statement-breakpoint
CREATE INDEX "assessments_subject_idx" ON "risk"."assessments" USING btree ("subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessments_one_skip" ON "risk"."assessments" USING btree ("kind","subject_id") WHERE "risk"."assessments"."decision" = 'SKIPPED';--> statement-breakpoint
CREATE INDEX "blocklist_value_idx" ON "risk"."blocklist_entries" USING btree ("kind","value");--> statement-breakpoint
CREATE INDEX "blocklist_created_idx" ON "risk"."blocklist_entries" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "risk"."outbox" USING btree ("id") WHERE published_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "risk_rules_kind" ON "risk"."risk_rules" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "risk_rules_created_idx" ON "risk"."risk_rules" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "rule_versions_rule_version" ON "risk"."rule_versions" USING btree ("rule_id","version");--> statement-breakpoint
CREATE INDEX "sightings_window_idx" ON "risk"."sightings" USING btree ("dimension","key","first_seen_at");