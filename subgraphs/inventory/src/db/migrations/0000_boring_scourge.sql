CREATE SCHEMA "inventory";
--> statement-breakpoint
CREATE TYPE "inventory"."movement_reference" AS ENUM('ORDER', 'INBOUND_RECEIPT', 'OUTBOUND_ORDER', 'STOCKTAKE', 'SEED');--> statement-breakpoint
CREATE TYPE "inventory"."movement_type" AS ENUM('RESERVE', 'RELEASE', 'INBOUND', 'OUTBOUND', 'ADJUST');--> statement-breakpoint
CREATE TYPE "inventory"."reservation_status" AS ENUM('ACTIVE', 'COMMITTED', 'RELEASED');--> statement-breakpoint
CREATE TYPE "inventory"."warehouse_status" AS ENUM('ACTIVE', 'INACTIVE');--> statement-breakpoint
CREATE TYPE "inventory"."inbound_source" AS ENUM('PURCHASE_ORDER', 'RETURN', 'TRANSFER', 'MANUAL');--> statement-breakpoint
CREATE TYPE "inventory"."inbound_status" AS ENUM('EXPECTED', 'RECEIVING', 'PUT_AWAY', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "inventory"."outbound_status" AS ENUM('CREATED', 'PICKED', 'PACKED', 'SHIPPED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "inventory"."stocktake_status" AS ENUM('COUNTING', 'APPROVED', 'CANCELLED');--> statement-breakpoint
CREATE TABLE "inventory"."outbox" (
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
CREATE TABLE "inventory"."reservation_allocations" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"reservation_id" varchar(40) NOT NULL,
	"line_index" integer NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"warehouse_id" varchar(40) NOT NULL,
	"stock_level_id" varchar(40) NOT NULL,
	"quantity" integer NOT NULL,
	"shipped_quantity" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "reservation_allocations_quantity_positive" CHECK ("inventory"."reservation_allocations"."quantity" > 0),
	CONSTRAINT "reservation_allocations_shipped_within" CHECK ("inventory"."reservation_allocations"."shipped_quantity" >= 0 and "inventory"."reservation_allocations"."shipped_quantity" <= "inventory"."reservation_allocations"."quantity")
);
--> statement-breakpoint
CREATE TABLE "inventory"."reservations" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"order_id" varchar(100) NOT NULL,
	"status" "inventory"."reservation_status" DEFAULT 'ACTIVE' NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"release_reason" text,
	"committed_at" timestamp (3) with time zone,
	"released_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inventory"."stock_levels" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"warehouse_id" varchar(40) NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"on_hand" integer DEFAULT 0 NOT NULL,
	"reserved" integer DEFAULT 0 NOT NULL,
	"safety_stock" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_levels_on_hand_not_negative" CHECK ("inventory"."stock_levels"."on_hand" >= 0),
	CONSTRAINT "stock_levels_reserved_not_negative" CHECK ("inventory"."stock_levels"."reserved" >= 0),
	CONSTRAINT "stock_levels_reserved_within_on_hand" CHECK ("inventory"."stock_levels"."reserved" <= "inventory"."stock_levels"."on_hand"),
	CONSTRAINT "stock_levels_safety_not_negative" CHECK ("inventory"."stock_levels"."safety_stock" >= 0)
);
--> statement-breakpoint
CREATE TABLE "inventory"."stock_movements" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"stock_level_id" varchar(40) NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"warehouse_id" varchar(40) NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"type" "inventory"."movement_type" NOT NULL,
	"on_hand_delta" integer NOT NULL,
	"reserved_delta" integer NOT NULL,
	"on_hand_after" integer NOT NULL,
	"reserved_after" integer NOT NULL,
	"reference_type" "inventory"."movement_reference" NOT NULL,
	"reference_id" varchar(100) NOT NULL,
	"actor" varchar(100) NOT NULL,
	"note" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "inventory"."stock_movements_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	CONSTRAINT "stock_movements_changes_something" CHECK ("inventory"."stock_movements"."on_hand_delta" <> 0 or "inventory"."stock_movements"."reserved_delta" <> 0)
);
--> statement-breakpoint
CREATE TABLE "inventory"."warehouses" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"code" varchar(32) NOT NULL,
	"name" varchar(100) NOT NULL,
	"province" varchar(50) NOT NULL,
	"city" varchar(50) NOT NULL,
	"address" varchar(300) NOT NULL,
	"shop_id" varchar(40),
	"priority" integer DEFAULT 100 NOT NULL,
	"status" "inventory"."warehouse_status" DEFAULT 'ACTIVE' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inventory"."inbound_receipt_lines" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"receipt_id" varchar(40) NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"sku_shop_id" varchar(40) NOT NULL,
	"expected_quantity" integer NOT NULL,
	"received_good" integer DEFAULT 0 NOT NULL,
	"received_damaged" integer DEFAULT 0 NOT NULL,
	"put_away_quantity" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "inbound_receipt_lines_expected_positive" CHECK ("inventory"."inbound_receipt_lines"."expected_quantity" > 0),
	CONSTRAINT "inbound_receipt_lines_received_not_negative" CHECK ("inventory"."inbound_receipt_lines"."received_good" >= 0 and "inventory"."inbound_receipt_lines"."received_damaged" >= 0),
	CONSTRAINT "inbound_receipt_lines_put_away_within" CHECK ("inventory"."inbound_receipt_lines"."put_away_quantity" >= 0 and "inventory"."inbound_receipt_lines"."put_away_quantity" <= "inventory"."inbound_receipt_lines"."received_good")
);
--> statement-breakpoint
CREATE TABLE "inventory"."inbound_receipts" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"warehouse_id" varchar(40) NOT NULL,
	"shop_id" varchar(40),
	"source" "inventory"."inbound_source" NOT NULL,
	"source_reference" varchar(100),
	"allow_over_receipt" boolean DEFAULT false NOT NULL,
	"status" "inventory"."inbound_status" DEFAULT 'EXPECTED' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inventory"."outbound_order_lines" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"outbound_order_id" varchar(40) NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"stock_level_id" varchar(40) NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "outbound_order_lines_quantity_positive" CHECK ("inventory"."outbound_order_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "inventory"."outbound_orders" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"shipping_notice_id" varchar(100) NOT NULL,
	"order_id" varchar(100) NOT NULL,
	"warehouse_id" varchar(40) NOT NULL,
	"shop_id" varchar(40),
	"status" "inventory"."outbound_status" DEFAULT 'CREATED' NOT NULL,
	"carrier_code" varchar(32),
	"tracking_number" varchar(64),
	"picked_at" timestamp (3) with time zone,
	"packed_at" timestamp (3) with time zone,
	"shipped_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inventory"."stocktake_lines" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"stocktake_id" varchar(40) NOT NULL,
	"stock_level_id" varchar(40) NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"book_quantity" integer NOT NULL,
	"counted_quantity" integer,
	CONSTRAINT "stocktake_lines_counted_not_negative" CHECK ("inventory"."stocktake_lines"."counted_quantity" is null or "inventory"."stocktake_lines"."counted_quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "inventory"."stocktakes" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"warehouse_id" varchar(40) NOT NULL,
	"shop_id" varchar(40),
	"status" "inventory"."stocktake_status" DEFAULT 'COUNTING' NOT NULL,
	"approved_by" varchar(100),
	"approved_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inventory"."reservation_allocations" ADD CONSTRAINT "reservation_allocations_reservation_id_reservations_id_fk" FOREIGN KEY ("reservation_id") REFERENCES "inventory"."reservations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."reservation_allocations" ADD CONSTRAINT "reservation_allocations_stock_level_id_stock_levels_id_fk" FOREIGN KEY ("stock_level_id") REFERENCES "inventory"."stock_levels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."stock_levels" ADD CONSTRAINT "stock_levels_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "inventory"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."stock_movements" ADD CONSTRAINT "stock_movements_stock_level_id_stock_levels_id_fk" FOREIGN KEY ("stock_level_id") REFERENCES "inventory"."stock_levels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."inbound_receipt_lines" ADD CONSTRAINT "inbound_receipt_lines_receipt_id_inbound_receipts_id_fk" FOREIGN KEY ("receipt_id") REFERENCES "inventory"."inbound_receipts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."inbound_receipts" ADD CONSTRAINT "inbound_receipts_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "inventory"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."outbound_order_lines" ADD CONSTRAINT "outbound_order_lines_outbound_order_id_outbound_orders_id_fk" FOREIGN KEY ("outbound_order_id") REFERENCES "inventory"."outbound_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."outbound_order_lines" ADD CONSTRAINT "outbound_order_lines_stock_level_id_stock_levels_id_fk" FOREIGN KEY ("stock_level_id") REFERENCES "inventory"."stock_levels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."outbound_orders" ADD CONSTRAINT "outbound_orders_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "inventory"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."stocktake_lines" ADD CONSTRAINT "stocktake_lines_stocktake_id_stocktakes_id_fk" FOREIGN KEY ("stocktake_id") REFERENCES "inventory"."stocktakes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."stocktake_lines" ADD CONSTRAINT "stocktake_lines_stock_level_id_stock_levels_id_fk" FOREIGN KEY ("stock_level_id") REFERENCES "inventory"."stock_levels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."stocktakes" ADD CONSTRAINT "stocktakes_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "inventory"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "inventory"."outbox" USING btree ("id") WHERE published_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "reservation_allocations_line_key" ON "inventory"."reservation_allocations" USING btree ("reservation_id","line_index");--> statement-breakpoint
CREATE UNIQUE INDEX "reservations_order_key" ON "inventory"."reservations" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "reservations_expiry_idx" ON "inventory"."reservations" USING btree ("expires_at") WHERE status = 'ACTIVE';--> statement-breakpoint
CREATE INDEX "reservations_created_idx" ON "inventory"."reservations" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "stock_levels_sku_warehouse_key" ON "inventory"."stock_levels" USING btree ("sku_id","warehouse_id");--> statement-breakpoint
CREATE INDEX "stock_levels_warehouse_idx" ON "inventory"."stock_levels" USING btree ("warehouse_id","created_at","id");--> statement-breakpoint
CREATE INDEX "stock_levels_shop_idx" ON "inventory"."stock_levels" USING btree ("shop_id","created_at","id");--> statement-breakpoint
CREATE INDEX "stock_levels_created_idx" ON "inventory"."stock_levels" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "stock_movements_level_idx" ON "inventory"."stock_movements" USING btree ("stock_level_id","seq");--> statement-breakpoint
CREATE INDEX "stock_movements_shop_idx" ON "inventory"."stock_movements" USING btree ("shop_id","seq");--> statement-breakpoint
CREATE INDEX "stock_movements_seq_idx" ON "inventory"."stock_movements" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "stock_movements_reference_idx" ON "inventory"."stock_movements" USING btree ("reference_id");--> statement-breakpoint
CREATE UNIQUE INDEX "warehouses_code_key" ON "inventory"."warehouses" USING btree (lower("code"));--> statement-breakpoint
CREATE INDEX "warehouses_shop_idx" ON "inventory"."warehouses" USING btree ("shop_id","created_at","id");--> statement-breakpoint
CREATE INDEX "warehouses_created_idx" ON "inventory"."warehouses" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_receipt_lines_sku_key" ON "inventory"."inbound_receipt_lines" USING btree ("receipt_id","sku_id");--> statement-breakpoint
CREATE INDEX "inbound_receipts_shop_idx" ON "inventory"."inbound_receipts" USING btree ("shop_id","created_at","id");--> statement-breakpoint
CREATE INDEX "inbound_receipts_created_idx" ON "inventory"."inbound_receipts" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "outbound_order_lines_sku_key" ON "inventory"."outbound_order_lines" USING btree ("outbound_order_id","sku_id");--> statement-breakpoint
CREATE UNIQUE INDEX "outbound_orders_notice_key" ON "inventory"."outbound_orders" USING btree ("shipping_notice_id");--> statement-breakpoint
CREATE INDEX "outbound_orders_order_idx" ON "inventory"."outbound_orders" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "outbound_orders_shop_idx" ON "inventory"."outbound_orders" USING btree ("shop_id","created_at","id");--> statement-breakpoint
CREATE INDEX "outbound_orders_created_idx" ON "inventory"."outbound_orders" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "stocktake_lines_level_key" ON "inventory"."stocktake_lines" USING btree ("stocktake_id","stock_level_id");--> statement-breakpoint
CREATE INDEX "stocktakes_shop_idx" ON "inventory"."stocktakes" USING btree ("shop_id","created_at","id");--> statement-breakpoint
CREATE INDEX "stocktakes_created_idx" ON "inventory"."stocktakes" USING btree ("created_at","id");