CREATE SCHEMA "fulfillment";
--> statement-breakpoint
CREATE TYPE "fulfillment"."freight_charge_by" AS ENUM('PIECE', 'WEIGHT', 'VOLUME');--> statement-breakpoint
CREATE TYPE "fulfillment"."notice_kind" AS ENUM('WAREHOUSE', 'SUPPLIER');--> statement-breakpoint
CREATE TYPE "fulfillment"."notice_status" AS ENUM('PENDING', 'OUTBOUND_REQUESTED', 'OUTBOUND_FAILED', 'SHIPPED');--> statement-breakpoint
CREATE TYPE "fulfillment"."voucher_status" AS ENUM('ISSUED', 'REDEEMED');--> statement-breakpoint
CREATE TYPE "fulfillment"."tracking_status" AS ENUM('SHIPPED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'EXCEPTION');--> statement-breakpoint
CREATE TABLE "fulfillment"."carriers" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"code" varchar(32) NOT NULL,
	"name" varchar(100) NOT NULL,
	"callback_secret" text NOT NULL,
	"promised_days" integer DEFAULT 3 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "carriers_promised_days" CHECK ("fulfillment"."carriers"."promised_days" between 1 and 60)
);
--> statement-breakpoint
CREATE TABLE "fulfillment"."freight_rules" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"template_id" varchar(40) NOT NULL,
	"position" integer NOT NULL,
	"provinces" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"first_units" integer NOT NULL,
	"first_price" bigint NOT NULL,
	"additional_units" integer NOT NULL,
	"additional_price" bigint NOT NULL,
	CONSTRAINT "freight_rules_units_positive" CHECK ("fulfillment"."freight_rules"."first_units" > 0 and "fulfillment"."freight_rules"."additional_units" > 0),
	CONSTRAINT "freight_rules_prices_not_negative" CHECK ("fulfillment"."freight_rules"."first_price" >= 0 and "fulfillment"."freight_rules"."additional_price" >= 0)
);
--> statement-breakpoint
CREATE TABLE "fulfillment"."freight_templates" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"name" varchar(100) NOT NULL,
	"charge_by" "fulfillment"."freight_charge_by" NOT NULL,
	"currency_code" varchar(3) NOT NULL,
	"free_over_amount" bigint,
	"free_over_quantity" integer,
	"excluded_provinces" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fulfillment"."outbox" (
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
CREATE TABLE "fulfillment"."processed_events" (
	"event_id" varchar(40) NOT NULL,
	"handler" varchar(100) NOT NULL,
	"processed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_event_id_handler_pk" PRIMARY KEY("event_id","handler")
);
--> statement-breakpoint
CREATE TABLE "fulfillment"."service_vouchers" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"code" varchar(32) NOT NULL,
	"order_id" varchar(100) NOT NULL,
	"order_line_id" varchar(100) NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"member_id" varchar(100) NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"status" "fulfillment"."voucher_status" DEFAULT 'ISSUED' NOT NULL,
	"redeemed_at" timestamp (3) with time zone,
	"redeemed_by" varchar(100),
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fulfillment"."shipping_notice_lines" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"notice_id" varchar(40) NOT NULL,
	"order_line_id" varchar(100) NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "shipping_notice_lines_quantity" CHECK ("fulfillment"."shipping_notice_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "fulfillment"."shipping_notices" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"order_id" varchar(100) NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"member_id" varchar(100) NOT NULL,
	"kind" "fulfillment"."notice_kind" NOT NULL,
	"warehouse_id" varchar(40),
	"supplier_id" varchar(40),
	"status" "fulfillment"."notice_status" DEFAULT 'PENDING' NOT NULL,
	"address" jsonb NOT NULL,
	"outbound_order_id" varchar(40),
	"failure_reason" text,
	"paid_at" timestamp (3) with time zone NOT NULL,
	"due_by" timestamp (3) with time zone NOT NULL,
	"shipped_at" timestamp (3) with time zone,
	"queue_key" varchar(40) NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shipping_notices_one_source" CHECK (("fulfillment"."shipping_notices"."kind" = 'WAREHOUSE') = ("fulfillment"."shipping_notices"."warehouse_id" is not null) and ("fulfillment"."shipping_notices"."kind" = 'SUPPLIER') = ("fulfillment"."shipping_notices"."supplier_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "fulfillment"."shipment_lines" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"shipment_id" varchar(40) NOT NULL,
	"package_number" integer NOT NULL,
	"order_line_id" varchar(100) NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"quantity" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fulfillment"."shipments" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"notice_id" varchar(40) NOT NULL,
	"order_id" varchar(100) NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"member_id" varchar(100) NOT NULL,
	"warehouse_id" varchar(40),
	"supplier_id" varchar(40),
	"carrier_id" varchar(40) NOT NULL,
	"carrier_code" varchar(32) NOT NULL,
	"tracking_number" varchar(64) NOT NULL,
	"status" "fulfillment"."tracking_status" DEFAULT 'SHIPPED' NOT NULL,
	"progress" "fulfillment"."tracking_status" DEFAULT 'SHIPPED' NOT NULL,
	"shipped_at" timestamp (3) with time zone NOT NULL,
	"due_by" timestamp (3) with time zone NOT NULL,
	"delivered_at" timestamp (3) with time zone,
	"last_event_at" timestamp (3) with time zone,
	"queue_key" varchar(40) NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fulfillment"."tracking_events" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"shipment_id" varchar(40) NOT NULL,
	"carrier_id" varchar(40) NOT NULL,
	"carrier_event_id" varchar(100) NOT NULL,
	"status" "fulfillment"."tracking_status" NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"location" varchar(200),
	"description" text,
	"applied" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fulfillment"."freight_rules" ADD CONSTRAINT "freight_rules_template_id_freight_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "fulfillment"."freight_templates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment"."shipping_notice_lines" ADD CONSTRAINT "shipping_notice_lines_notice_id_shipping_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "fulfillment"."shipping_notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment"."shipment_lines" ADD CONSTRAINT "shipment_lines_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "fulfillment"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment"."shipments" ADD CONSTRAINT "shipments_notice_id_shipping_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "fulfillment"."shipping_notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment"."shipments" ADD CONSTRAINT "shipments_carrier_id_carriers_id_fk" FOREIGN KEY ("carrier_id") REFERENCES "fulfillment"."carriers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment"."tracking_events" ADD CONSTRAINT "tracking_events_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "fulfillment"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "carriers_code_key" ON "fulfillment"."carriers" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "freight_rules_position_key" ON "fulfillment"."freight_rules" USING btree ("template_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "freight_templates_default_key" ON "fulfillment"."freight_templates" USING btree ("shop_id") WHERE is_default;--> statement-breakpoint
CREATE INDEX "freight_templates_shop_idx" ON "fulfillment"."freight_templates" USING btree ("shop_id","created_at","id");--> statement-breakpoint
CREATE INDEX "freight_templates_created_idx" ON "fulfillment"."freight_templates" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "fulfillment"."outbox" USING btree ("id") WHERE published_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "service_vouchers_code_key" ON "fulfillment"."service_vouchers" USING btree ("code");--> statement-breakpoint
CREATE INDEX "service_vouchers_order_idx" ON "fulfillment"."service_vouchers" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "service_vouchers_shop_idx" ON "fulfillment"."service_vouchers" USING btree ("shop_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "shipping_notice_lines_line_key" ON "fulfillment"."shipping_notice_lines" USING btree ("notice_id","order_line_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shipping_notices_source_key" ON "fulfillment"."shipping_notices" USING btree ("order_id",coalesce("warehouse_id", "supplier_id"));--> statement-breakpoint
CREATE INDEX "shipping_notices_order_idx" ON "fulfillment"."shipping_notices" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "shipping_notices_queue_idx" ON "fulfillment"."shipping_notices" USING btree ("queue_key","id");--> statement-breakpoint
CREATE INDEX "shipping_notices_shop_queue_idx" ON "fulfillment"."shipping_notices" USING btree ("shop_id","queue_key","id");--> statement-breakpoint
CREATE INDEX "shipping_notices_created_idx" ON "fulfillment"."shipping_notices" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "shipment_lines_key" ON "fulfillment"."shipment_lines" USING btree ("shipment_id","package_number","order_line_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shipments_notice_key" ON "fulfillment"."shipments" USING btree ("notice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shipments_tracking_key" ON "fulfillment"."shipments" USING btree ("carrier_id","tracking_number");--> statement-breakpoint
CREATE INDEX "shipments_order_idx" ON "fulfillment"."shipments" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "shipments_queue_idx" ON "fulfillment"."shipments" USING btree ("queue_key","id");--> statement-breakpoint
CREATE INDEX "shipments_shop_queue_idx" ON "fulfillment"."shipments" USING btree ("shop_id","queue_key","id");--> statement-breakpoint
CREATE INDEX "shipments_shipped_idx" ON "fulfillment"."shipments" USING btree ("shipped_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "tracking_events_carrier_event_key" ON "fulfillment"."tracking_events" USING btree ("carrier_id","carrier_event_id");--> statement-breakpoint
CREATE INDEX "tracking_events_shipment_idx" ON "fulfillment"."tracking_events" USING btree ("shipment_id","occurred_at");