CREATE TYPE "procurement"."purchase_order_status" AS ENUM('DRAFT', 'SUBMITTED', 'APPROVED', 'SENT', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CLOSED');--> statement-breakpoint
CREATE TYPE "procurement"."replenishment_suggestion_status" AS ENUM('OPEN', 'ORDERED', 'DISMISSED');--> statement-breakpoint
CREATE TABLE "procurement"."processed_events" (
	"event_id" varchar(40) NOT NULL,
	"handler" varchar(100) NOT NULL,
	"processed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_event_id_handler_pk" PRIMARY KEY("event_id","handler")
);
--> statement-breakpoint
CREATE TABLE "procurement"."drop_ship_dispatches" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"supplier_id" varchar(40) NOT NULL,
	"order_id" varchar(100) NOT NULL,
	"order_line_id" varchar(100) NOT NULL,
	"paid_at" timestamp (3) with time zone NOT NULL,
	"shipped_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procurement"."purchase_deliveries" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"purchase_order_id" varchar(40) NOT NULL,
	"supplier_id" varchar(40) NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"receipt_id" varchar(40) NOT NULL,
	"good" integer NOT NULL,
	"damaged" integer NOT NULL,
	"on_time" boolean NOT NULL,
	"received_at" timestamp (3) with time zone NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procurement"."purchase_order_lines" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"purchase_order_id" varchar(40) NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price" bigint NOT NULL,
	"received_good" integer DEFAULT 0 NOT NULL,
	"received_damaged" integer DEFAULT 0 NOT NULL,
	"suggestion_id" varchar(40),
	CONSTRAINT "purchase_order_lines_quantity_positive" CHECK ("procurement"."purchase_order_lines"."quantity" > 0),
	CONSTRAINT "purchase_order_lines_price_not_negative" CHECK ("procurement"."purchase_order_lines"."unit_price" >= 0)
);
--> statement-breakpoint
CREATE TABLE "procurement"."purchase_orders" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"supplier_id" varchar(40) NOT NULL,
	"warehouse_id" varchar(40) NOT NULL,
	"status" "procurement"."purchase_order_status" DEFAULT 'DRAFT' NOT NULL,
	"currency" varchar(3) NOT NULL,
	"total_amount" bigint DEFAULT 0 NOT NULL,
	"lead_time_days" integer DEFAULT 0 NOT NULL,
	"submitted_at" timestamp (3) with time zone,
	"approved_by" varchar(100),
	"approved_at" timestamp (3) with time zone,
	"second_approved_by" varchar(100),
	"second_approved_at" timestamp (3) with time zone,
	"sent_at" timestamp (3) with time zone,
	"expected_by" timestamp (3) with time zone,
	"received_at" timestamp (3) with time zone,
	"closed_at" timestamp (3) with time zone,
	"receipt_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procurement"."replenishment_suggestions" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"warehouse_id" varchar(40) NOT NULL,
	"supplier_id" varchar(40),
	"status" "procurement"."replenishment_suggestion_status" DEFAULT 'OPEN' NOT NULL,
	"quantity" integer NOT NULL,
	"sold_last_30_days" integer NOT NULL,
	"lead_time_days" integer NOT NULL,
	"safety_stock" integer NOT NULL,
	"available" integer NOT NULL,
	"on_order" integer NOT NULL,
	"min_order_quantity" integer NOT NULL,
	"purchase_order_id" varchar(40),
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procurement"."supply_terms" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"supplier_id" varchar(40) NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"unit_price" bigint NOT NULL,
	"currency" varchar(3) NOT NULL,
	"lead_time_days" integer NOT NULL,
	"min_order_quantity" integer DEFAULT 1 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supply_terms_price_not_negative" CHECK ("procurement"."supply_terms"."unit_price" >= 0),
	CONSTRAINT "supply_terms_lead_time_range" CHECK ("procurement"."supply_terms"."lead_time_days" between 0 and 365),
	CONSTRAINT "supply_terms_moq_positive" CHECK ("procurement"."supply_terms"."min_order_quantity" >= 1)
);
--> statement-breakpoint
ALTER TABLE "procurement"."suppliers" ADD COLUMN "rating" integer;--> statement-breakpoint
ALTER TABLE "procurement"."suppliers" ADD COLUMN "deliveries" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "procurement"."suppliers" ADD COLUMN "on_time_deliveries" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "procurement"."suppliers" ADD COLUMN "units_ordered" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "procurement"."suppliers" ADD COLUMN "units_received" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "procurement"."suppliers" ADD COLUMN "units_good" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "procurement"."suppliers" ADD COLUMN "units_damaged" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "procurement"."suppliers" ADD COLUMN "drop_ship_shipped" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "procurement"."suppliers" ADD COLUMN "drop_ship_in_time" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "procurement"."suppliers" ADD COLUMN "drop_ship_average_hours" integer;--> statement-breakpoint
ALTER TABLE "procurement"."suppliers" ADD COLUMN "rated_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "procurement"."drop_ship_dispatches" ADD CONSTRAINT "drop_ship_dispatches_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "procurement"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement"."purchase_deliveries" ADD CONSTRAINT "purchase_deliveries_purchase_order_id_purchase_orders_id_fk" FOREIGN KEY ("purchase_order_id") REFERENCES "procurement"."purchase_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement"."purchase_deliveries" ADD CONSTRAINT "purchase_deliveries_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "procurement"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement"."purchase_order_lines" ADD CONSTRAINT "purchase_order_lines_purchase_order_id_purchase_orders_id_fk" FOREIGN KEY ("purchase_order_id") REFERENCES "procurement"."purchase_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement"."purchase_orders" ADD CONSTRAINT "purchase_orders_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "procurement"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement"."replenishment_suggestions" ADD CONSTRAINT "replenishment_suggestions_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "procurement"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement"."supply_terms" ADD CONSTRAINT "supply_terms_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "procurement"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "drop_ship_dispatches_line_key" ON "procurement"."drop_ship_dispatches" USING btree ("order_line_id");--> statement-breakpoint
CREATE INDEX "drop_ship_dispatches_supplier_idx" ON "procurement"."drop_ship_dispatches" USING btree ("supplier_id");--> statement-breakpoint
CREATE UNIQUE INDEX "purchase_deliveries_receipt_key" ON "procurement"."purchase_deliveries" USING btree ("receipt_id");--> statement-breakpoint
CREATE INDEX "purchase_deliveries_supplier_idx" ON "procurement"."purchase_deliveries" USING btree ("supplier_id");--> statement-breakpoint
CREATE UNIQUE INDEX "purchase_order_lines_sku_key" ON "procurement"."purchase_order_lines" USING btree ("purchase_order_id","sku_id");--> statement-breakpoint
CREATE INDEX "purchase_orders_shop_idx" ON "procurement"."purchase_orders" USING btree ("shop_id","created_at","id");--> statement-breakpoint
CREATE INDEX "purchase_orders_created_idx" ON "procurement"."purchase_orders" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "purchase_orders_supplier_idx" ON "procurement"."purchase_orders" USING btree ("supplier_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "replenishment_suggestions_open_key" ON "procurement"."replenishment_suggestions" USING btree ("sku_id","warehouse_id") WHERE "procurement"."replenishment_suggestions"."status" = 'OPEN';--> statement-breakpoint
CREATE INDEX "replenishment_suggestions_shop_idx" ON "procurement"."replenishment_suggestions" USING btree ("shop_id","created_at","id");--> statement-breakpoint
CREATE INDEX "replenishment_suggestions_created_idx" ON "procurement"."replenishment_suggestions" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "supply_terms_supplier_sku_key" ON "procurement"."supply_terms" USING btree ("supplier_id","sku_id");--> statement-breakpoint
CREATE INDEX "supply_terms_sku_idx" ON "procurement"."supply_terms" USING btree ("sku_id","id");--> statement-breakpoint
CREATE INDEX "supply_terms_supplier_idx" ON "procurement"."supply_terms" USING btree ("supplier_id","sku_id","id");