CREATE SCHEMA "payments";
--> statement-breakpoint
CREATE TYPE "payments"."callback_signature" AS ENUM('VALID', 'MISSING', 'STALE', 'BAD_SIGNATURE');--> statement-breakpoint
CREATE TYPE "payments"."payment_purpose" AS ENUM('FULL', 'DEPOSIT', 'BALANCE');--> statement-breakpoint
CREATE TYPE "payments"."payment_status" AS ENUM('PENDING', 'SUCCEEDED', 'FAILED', 'CLOSED');--> statement-breakpoint
CREATE TYPE "payments"."refund_kind" AS ENUM('REQUESTED', 'LATE_PAYMENT');--> statement-breakpoint
CREATE TYPE "payments"."refund_status" AS ENUM('PENDING', 'SUCCEEDED', 'FAILED');--> statement-breakpoint
CREATE TABLE "payments"."outbox" (
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
CREATE TABLE "payments"."payments" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"order_id" varchar(40) NOT NULL,
	"member_id" varchar(40) NOT NULL,
	"purpose" "payments"."payment_purpose" NOT NULL,
	"amount" bigint NOT NULL,
	"currency_code" varchar(3) NOT NULL,
	"provider" varchar(30) NOT NULL,
	"provider_payment_id" varchar(100) NOT NULL,
	"action_url" text NOT NULL,
	"action_code" varchar(200) NOT NULL,
	"status" "payments"."payment_status" DEFAULT 'PENDING' NOT NULL,
	"idempotency_key" varchar(200) NOT NULL,
	"request_fingerprint" varchar(64) NOT NULL,
	"paid_at" timestamp (3) with time zone,
	"failed_at" timestamp (3) with time zone,
	"closed_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_amount_positive" CHECK ("payments"."payments"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "payments"."provider_callbacks" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"provider" varchar(30) NOT NULL,
	"event_id" varchar(100),
	"event_type" varchar(50),
	"payment_id" varchar(40),
	"raw_body" text NOT NULL,
	"signature" "payments"."callback_signature" NOT NULL,
	"first_delivery" boolean DEFAULT false NOT NULL,
	"result" varchar(40) NOT NULL,
	"detail" text,
	"received_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments"."refunds" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"payment_id" varchar(40) NOT NULL,
	"order_id" varchar(40) NOT NULL,
	"kind" "payments"."refund_kind" DEFAULT 'REQUESTED' NOT NULL,
	"amount" bigint NOT NULL,
	"currency_code" varchar(3) NOT NULL,
	"reason" text NOT NULL,
	"lines" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" "payments"."refund_status" DEFAULT 'PENDING' NOT NULL,
	"provider_refund_id" varchar(100),
	"failure_reason" text,
	"idempotency_key" varchar(200) NOT NULL,
	"request_fingerprint" varchar(64) NOT NULL,
	"succeeded_at" timestamp (3) with time zone,
	"failed_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refunds_amount_positive" CHECK ("payments"."refunds"."amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "payments"."refunds" ADD CONSTRAINT "refunds_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "payments"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "payments"."outbox" USING btree ("id") WHERE published_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "payments_idempotency_key" ON "payments"."payments" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_provider_payment_key" ON "payments"."payments" USING btree ("provider","provider_payment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_live_key" ON "payments"."payments" USING btree ("order_id","purpose") WHERE status in ('PENDING', 'SUCCEEDED');--> statement-breakpoint
CREATE INDEX "payments_order_idx" ON "payments"."payments" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "payments_created_idx" ON "payments"."payments" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "payments_member_idx" ON "payments"."payments" USING btree ("member_id","created_at","id");--> statement-breakpoint
CREATE INDEX "payments_status_idx" ON "payments"."payments" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "provider_callbacks_event_key" ON "payments"."provider_callbacks" USING btree ("provider","event_id") WHERE first_delivery;--> statement-breakpoint
CREATE INDEX "provider_callbacks_payment_idx" ON "payments"."provider_callbacks" USING btree ("payment_id","received_at");--> statement-breakpoint
CREATE INDEX "provider_callbacks_received_idx" ON "payments"."provider_callbacks" USING btree ("received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "refunds_idempotency_key" ON "payments"."refunds" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "refunds_payment_idx" ON "payments"."refunds" USING btree ("payment_id","created_at");--> statement-breakpoint
CREATE INDEX "refunds_order_idx" ON "payments"."refunds" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "refunds_created_idx" ON "payments"."refunds" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "refunds_status_idx" ON "payments"."refunds" USING btree ("status","created_at","id");