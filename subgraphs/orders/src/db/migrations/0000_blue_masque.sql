CREATE SCHEMA "orders";
--> statement-breakpoint
CREATE TYPE "orders"."checkout_status" AS ENUM('PLACING', 'PLACED', 'FAILED');--> statement-breakpoint
CREATE TYPE "orders"."line_fulfilment" AS ENUM('UNFULFILLED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED', 'VOUCHERED');--> statement-breakpoint
CREATE TYPE "orders"."order_status" AS ENUM('PENDING_PAYMENT', 'PAID', 'SHIPPED', 'DELIVERED', 'COMPLETED', 'CANCELLED', 'CLOSED');--> statement-breakpoint
CREATE TYPE "orders"."order_type" AS ENUM('NORMAL', 'PRESALE');--> statement-breakpoint
CREATE TABLE "orders"."checkouts" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"member_id" varchar(40) NOT NULL,
	"idempotency_key" varchar(100) NOT NULL,
	"request_hash" varchar(64) NOT NULL,
	"status" "orders"."checkout_status" DEFAULT 'PLACING' NOT NULL,
	"failure" jsonb,
	"payable_amount" bigint DEFAULT 0 NOT NULL,
	"currency" varchar(3) DEFAULT 'CNY' NOT NULL,
	"coupon_code" varchar(64),
	"points_used" integer DEFAULT 0 NOT NULL,
	"payment_id" varchar(40),
	"pay_url" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders"."order_lines" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"order_id" varchar(40) NOT NULL,
	"position" integer NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"spu_id" varchar(40) NOT NULL,
	"spu_name" varchar(200) NOT NULL,
	"sku_code" varchar(64) NOT NULL,
	"sales_attributes" jsonb NOT NULL,
	"product_type" varchar(30) NOT NULL,
	"quantity" integer NOT NULL,
	"currency" varchar(3) NOT NULL,
	"unit_price" bigint NOT NULL,
	"discounts" jsonb NOT NULL,
	"final_amount" bigint NOT NULL,
	"refunded_amount" bigint DEFAULT 0 NOT NULL,
	"warehouse_id" varchar(40),
	"fulfilment" "orders"."line_fulfilment" DEFAULT 'UNFULFILLED' NOT NULL,
	"shipped_quantity" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "order_lines_quantity_positive" CHECK ("orders"."order_lines"."quantity" > 0),
	CONSTRAINT "order_lines_refund_within_final" CHECK ("orders"."order_lines"."refunded_amount" >= 0 and "orders"."order_lines"."refunded_amount" <= "orders"."order_lines"."final_amount")
);
--> statement-breakpoint
CREATE TABLE "orders"."order_refund_requests" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"order_id" varchar(40) NOT NULL,
	"idempotency_key" varchar(100) NOT NULL,
	"amount" bigint NOT NULL,
	"lines" jsonb NOT NULL,
	"refund_id" varchar(40),
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders"."order_shipments" (
	"shipment_id" varchar(40) PRIMARY KEY NOT NULL,
	"order_id" varchar(40) NOT NULL,
	"carrier_code" varchar(30) NOT NULL,
	"tracking_number" varchar(60) NOT NULL,
	"lines" jsonb NOT NULL,
	"shipped_at" timestamp (3) with time zone NOT NULL,
	"delivered_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "orders"."order_status_changes" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"order_id" varchar(40) NOT NULL,
	"from_status" "orders"."order_status",
	"to_status" "orders"."order_status" NOT NULL,
	"reason" text,
	"actor" varchar(100) NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders"."orders" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"checkout_id" varchar(40) NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"member_id" varchar(40) NOT NULL,
	"type" "orders"."order_type" DEFAULT 'NORMAL' NOT NULL,
	"status" "orders"."order_status" DEFAULT 'PENDING_PAYMENT' NOT NULL,
	"address" jsonb NOT NULL,
	"currency" varchar(3) NOT NULL,
	"items_amount" bigint NOT NULL,
	"discount_amount" bigint NOT NULL,
	"freight_amount" bigint NOT NULL,
	"payable_amount" bigint NOT NULL,
	"refunded_amount" bigint DEFAULT 0 NOT NULL,
	"note" text,
	"deposit_amount" bigint DEFAULT 0 NOT NULL,
	"deposit_paid_at" timestamp (3) with time zone,
	"balance_starts_at" timestamp (3) with time zone,
	"balance_due_at" timestamp (3) with time zone,
	"balance_payment_id" varchar(40),
	"payment_due_at" timestamp (3) with time zone,
	"paid_at" timestamp (3) with time zone,
	"shipped_at" timestamp (3) with time zone,
	"delivered_at" timestamp (3) with time zone,
	"completed_at" timestamp (3) with time zone,
	"cancelled_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orders_amounts_non_negative" CHECK ("orders"."orders"."payable_amount" >= 0 and "orders"."orders"."freight_amount" >= 0 and "orders"."orders"."discount_amount" >= 0),
	CONSTRAINT "orders_refund_within_paid" CHECK ("orders"."orders"."refunded_amount" >= 0 and "orders"."orders"."refunded_amount" <= "orders"."orders"."payable_amount")
);
--> statement-breakpoint
CREATE TABLE "orders"."outbox" (
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
CREATE TABLE "orders"."presale_plans" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"deposit_per_unit" bigint NOT NULL,
	"currency" varchar(3) NOT NULL,
	"balance_starts_at" timestamp (3) with time zone NOT NULL,
	"balance_ends_at" timestamp (3) with time zone NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "presale_plans_window" CHECK ("orders"."presale_plans"."balance_ends_at" > "orders"."presale_plans"."balance_starts_at" and "orders"."presale_plans"."deposit_per_unit" > 0)
);
--> statement-breakpoint
CREATE TABLE "orders"."processed_events" (
	"event_id" varchar(40) NOT NULL,
	"handler" varchar(100) NOT NULL,
	"processed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_event_id_handler_pk" PRIMARY KEY("event_id","handler")
);
--> statement-breakpoint
ALTER TABLE "orders"."order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "orders"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders"."order_refund_requests" ADD CONSTRAINT "order_refund_requests_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "orders"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders"."order_shipments" ADD CONSTRAINT "order_shipments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "orders"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders"."order_status_changes" ADD CONSTRAINT "order_status_changes_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "orders"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders"."orders" ADD CONSTRAINT "orders_checkout_id_checkouts_id_fk" FOREIGN KEY ("checkout_id") REFERENCES "orders"."checkouts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "checkouts_idempotency_key" ON "orders"."checkouts" USING btree ("member_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "order_lines_order_idx" ON "orders"."order_lines" USING btree ("order_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "order_refund_requests_key" ON "orders"."order_refund_requests" USING btree ("order_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "order_shipments_order_idx" ON "orders"."order_shipments" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "order_status_changes_order_idx" ON "orders"."order_status_changes" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_status_created_idx" ON "orders"."orders" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "orders_created_idx" ON "orders"."orders" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "orders_shop_created_idx" ON "orders"."orders" USING btree ("shop_id","created_at","id");--> statement-breakpoint
CREATE INDEX "orders_shop_status_created_idx" ON "orders"."orders" USING btree ("shop_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "orders_member_created_idx" ON "orders"."orders" USING btree ("member_id","created_at","id");--> statement-breakpoint
CREATE INDEX "orders_checkout_idx" ON "orders"."orders" USING btree ("checkout_id");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "orders"."outbox" USING btree ("id") WHERE published_at is null;--> statement-breakpoint
CREATE INDEX "presale_plans_sku_idx" ON "orders"."presale_plans" USING btree ("sku_id","balance_starts_at");--> statement-breakpoint
CREATE INDEX "presale_plans_shop_idx" ON "orders"."presale_plans" USING btree ("shop_id","created_at","id");