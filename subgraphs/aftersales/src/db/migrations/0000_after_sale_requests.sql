CREATE SCHEMA "aftersales";
--> statement-breakpoint
CREATE TYPE "aftersales"."after_sale_status" AS ENUM('PENDING', 'APPROVED', 'REJECTED', 'ESCALATED', 'RETURN_SHIPPED', 'REFUNDED', 'EXCHANGED', 'CLOSED', 'CANCELLED', 'FAILED');--> statement-breakpoint
CREATE TYPE "aftersales"."after_sale_type" AS ENUM('REFUND_ONLY', 'RETURN_REFUND', 'EXCHANGE');--> statement-breakpoint
CREATE TYPE "aftersales"."reason_code" AS ENUM('NOT_AS_DESCRIBED', 'QUALITY', 'DAMAGED_IN_TRANSIT', 'WRONG_ITEM', 'NOT_RECEIVED', 'SIZE_FIT', 'NO_REASON', 'OTHER');--> statement-breakpoint
CREATE TABLE "aftersales"."after_sale_requests" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"order_id" varchar(40) NOT NULL,
	"order_line_id" varchar(40) NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"member_id" varchar(40) NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"type" "aftersales"."after_sale_type" NOT NULL,
	"status" "aftersales"."after_sale_status" DEFAULT 'PENDING' NOT NULL,
	"quantity" integer NOT NULL,
	"in_transit" boolean DEFAULT false NOT NULL,
	"reason_code" "aftersales"."reason_code" NOT NULL,
	"reason_text" text,
	"photo_urls" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"currency" varchar(3) NOT NULL,
	"refund_amount" bigint NOT NULL,
	"deduction_amount" bigint DEFAULT 0 NOT NULL,
	"deduction_reason" text,
	"auto_approve_at" timestamp (3) with time zone NOT NULL,
	"return_carrier_code" varchar(30),
	"return_tracking_number" varchar(60),
	"refund_id" varchar(40),
	"failure" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "after_sale_requests_quantity_positive" CHECK ("aftersales"."after_sale_requests"."quantity" > 0),
	CONSTRAINT "after_sale_requests_amounts" CHECK ("aftersales"."after_sale_requests"."refund_amount" >= 0 and "aftersales"."after_sale_requests"."deduction_amount" >= 0 and "aftersales"."after_sale_requests"."deduction_amount" <= "aftersales"."after_sale_requests"."refund_amount")
);
--> statement-breakpoint
CREATE TABLE "aftersales"."after_sale_steps" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"request_id" varchar(40) NOT NULL,
	"from_status" "aftersales"."after_sale_status",
	"to_status" "aftersales"."after_sale_status" NOT NULL,
	"reason" text,
	"actor" varchar(100) NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "aftersales"."outbox" (
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
CREATE TABLE "aftersales"."processed_events" (
	"event_id" varchar(40) NOT NULL,
	"handler" varchar(100) NOT NULL,
	"processed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_event_id_handler_pk" PRIMARY KEY("event_id","handler")
);
--> statement-breakpoint
ALTER TABLE "aftersales"."after_sale_steps" ADD CONSTRAINT "after_sale_steps_request_id_after_sale_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "aftersales"."after_sale_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "after_sale_requests_open_line" ON "aftersales"."after_sale_requests" USING btree ("order_line_id") WHERE "aftersales"."after_sale_requests"."status" in ('PENDING', 'APPROVED', 'REJECTED', 'ESCALATED', 'RETURN_SHIPPED');--> statement-breakpoint
CREATE INDEX "after_sale_requests_line_idx" ON "aftersales"."after_sale_requests" USING btree ("order_line_id");--> statement-breakpoint
CREATE INDEX "after_sale_requests_order_idx" ON "aftersales"."after_sale_requests" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE INDEX "after_sale_requests_shop_idx" ON "aftersales"."after_sale_requests" USING btree ("shop_id","created_at","id");--> statement-breakpoint
CREATE INDEX "after_sale_requests_shop_status_idx" ON "aftersales"."after_sale_requests" USING btree ("shop_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "after_sale_requests_member_idx" ON "aftersales"."after_sale_requests" USING btree ("member_id","created_at","id");--> statement-breakpoint
CREATE INDEX "after_sale_requests_status_idx" ON "aftersales"."after_sale_requests" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "after_sale_requests_created_idx" ON "aftersales"."after_sale_requests" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "after_sale_steps_request_idx" ON "aftersales"."after_sale_steps" USING btree ("request_id","created_at");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "aftersales"."outbox" USING btree ("id") WHERE published_at is null;