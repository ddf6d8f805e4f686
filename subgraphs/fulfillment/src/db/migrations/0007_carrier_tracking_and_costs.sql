CREATE TYPE "fulfillment"."carrier_tracking_adapter" AS ENUM('CALLBACK', 'KUAIDI100');--> statement-breakpoint
CREATE TYPE "fulfillment"."carrier_bill_line_status" AS ENUM('MATCHED', 'UNKNOWN_WAYBILL', 'DUPLICATE');--> statement-breakpoint
CREATE TYPE "fulfillment"."tracking_subscription_status" AS ENUM('PENDING', 'SUBSCRIBED', 'FAILED', 'ENDED');--> statement-breakpoint
CREATE TABLE "fulfillment"."carrier_bill_lines" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"bill_id" varchar(40) NOT NULL,
	"line_number" integer NOT NULL,
	"waybill" varchar(64) NOT NULL,
	"weight_grams" integer NOT NULL,
	"cost_amount" bigint NOT NULL,
	"status" "fulfillment"."carrier_bill_line_status" NOT NULL,
	"shipment_id" varchar(40),
	"shop_id" varchar(40),
	"packed_weight_grams" integer,
	"weight_mismatch" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fulfillment"."carrier_bills" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"carrier_id" varchar(40) NOT NULL,
	"shop_id" varchar(40),
	"bill_number" varchar(64) NOT NULL,
	"content_hash" varchar(64) NOT NULL,
	"currency_code" varchar(3) NOT NULL,
	"line_count" integer NOT NULL,
	"total_cost_amount" bigint NOT NULL,
	"imported_by" varchar(100) NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fulfillment"."tracking_subscriptions" (
	"shipment_id" varchar(40) PRIMARY KEY NOT NULL,
	"adapter" "fulfillment"."carrier_tracking_adapter" NOT NULL,
	"status" "fulfillment"."tracking_subscription_status" DEFAULT 'PENDING' NOT NULL,
	"salt" varchar(64) NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"subscribed_at" timestamp (3) with time zone,
	"last_push_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fulfillment"."carriers" ADD COLUMN "tracking_adapter" "fulfillment"."carrier_tracking_adapter" DEFAULT 'CALLBACK' NOT NULL;--> statement-breakpoint
ALTER TABLE "fulfillment"."carriers" ADD COLUMN "tracking_company_code" varchar(32);--> statement-breakpoint
ALTER TABLE "fulfillment"."shipping_notices" ADD COLUMN "freight_charged_amount" bigint;--> statement-breakpoint
ALTER TABLE "fulfillment"."shipping_notices" ADD COLUMN "currency_code" varchar(3);--> statement-breakpoint
ALTER TABLE "fulfillment"."shipments" ADD COLUMN "freight_charged_amount" bigint;--> statement-breakpoint
ALTER TABLE "fulfillment"."shipments" ADD COLUMN "currency_code" varchar(3);--> statement-breakpoint
ALTER TABLE "fulfillment"."shipments" ADD COLUMN "packed_weight_grams" integer;--> statement-breakpoint
ALTER TABLE "fulfillment"."shipments" ADD COLUMN "real_cost_amount" bigint;--> statement-breakpoint
ALTER TABLE "fulfillment"."shipments" ADD COLUMN "billed_weight_grams" integer;--> statement-breakpoint
ALTER TABLE "fulfillment"."shipments" ADD COLUMN "cost_bill_line_id" varchar(40);--> statement-breakpoint
ALTER TABLE "fulfillment"."shipments" ADD COLUMN "freight_margin_amount" bigint GENERATED ALWAYS AS (freight_charged_amount - real_cost_amount) STORED;--> statement-breakpoint
ALTER TABLE "fulfillment"."carrier_bill_lines" ADD CONSTRAINT "carrier_bill_lines_bill_id_carrier_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "fulfillment"."carrier_bills"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment"."carrier_bills" ADD CONSTRAINT "carrier_bills_carrier_id_carriers_id_fk" FOREIGN KEY ("carrier_id") REFERENCES "fulfillment"."carriers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment"."tracking_subscriptions" ADD CONSTRAINT "tracking_subscriptions_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "fulfillment"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "carrier_bill_lines_number_key" ON "fulfillment"."carrier_bill_lines" USING btree ("bill_id","line_number");--> statement-breakpoint
CREATE INDEX "carrier_bill_lines_shipment_idx" ON "fulfillment"."carrier_bill_lines" USING btree ("shipment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "carrier_bills_number_key" ON "fulfillment"."carrier_bills" USING btree ("carrier_id",coalesce("shop_id", ''),"bill_number");--> statement-breakpoint
CREATE INDEX "carrier_bills_created_idx" ON "fulfillment"."carrier_bills" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "carrier_bills_shop_idx" ON "fulfillment"."carrier_bills" USING btree ("shop_id","created_at","id");--> statement-breakpoint
CREATE INDEX "shipments_margin_idx" ON "fulfillment"."shipments" USING btree ("freight_margin_amount","id") WHERE "fulfillment"."shipments"."freight_margin_amount" is not null;