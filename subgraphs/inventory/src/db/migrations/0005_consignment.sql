CREATE TYPE "inventory"."sell_first" AS ENUM('OWN', 'CONSIGNED');--> statement-breakpoint
ALTER TYPE "inventory"."inbound_source" ADD VALUE 'CONSIGNMENT';--> statement-breakpoint
CREATE TABLE "inventory"."consignment_lots" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"stock_level_id" varchar(40) NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"warehouse_id" varchar(40) NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"consignor_id" varchar(40) NOT NULL,
	"receipt_line_id" varchar(40) NOT NULL,
	"unit_price" bigint NOT NULL,
	"currency" varchar(3) NOT NULL,
	"received" integer NOT NULL,
	"on_hand" integer NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consignment_lots_on_hand_within" CHECK ("inventory"."consignment_lots"."on_hand" >= 0 and "inventory"."consignment_lots"."on_hand" <= "inventory"."consignment_lots"."received"),
	CONSTRAINT "consignment_lots_price_not_negative" CHECK ("inventory"."consignment_lots"."unit_price" >= 0)
);
--> statement-breakpoint
CREATE TABLE "inventory"."consignment_returns" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"sale_id" varchar(40) NOT NULL,
	"quantity" integer NOT NULL,
	"reason" varchar(20) NOT NULL,
	"reference" varchar(100) NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consignment_returns_quantity_positive" CHECK ("inventory"."consignment_returns"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "inventory"."consignment_sales" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"lot_id" varchar(40) NOT NULL,
	"allocation_id" varchar(40) NOT NULL,
	"order_id" varchar(100) NOT NULL,
	"consignor_id" varchar(40) NOT NULL,
	"quantity" integer NOT NULL,
	"returned_quantity" integer DEFAULT 0 NOT NULL,
	"sold_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "consignment_sales_quantity_positive" CHECK ("inventory"."consignment_sales"."quantity" > 0),
	CONSTRAINT "consignment_sales_returned_within" CHECK ("inventory"."consignment_sales"."returned_quantity" >= 0 and "inventory"."consignment_sales"."returned_quantity" <= "inventory"."consignment_sales"."quantity")
);
--> statement-breakpoint
ALTER TABLE "inventory"."stock_levels" ADD COLUMN "sell_first" "inventory"."sell_first" DEFAULT 'OWN' NOT NULL;--> statement-breakpoint
ALTER TABLE "inventory"."inbound_receipt_lines" ADD COLUMN "agreed_unit_price" bigint;--> statement-breakpoint
ALTER TABLE "inventory"."inbound_receipt_lines" ADD COLUMN "currency" varchar(3);--> statement-breakpoint
ALTER TABLE "inventory"."inbound_receipts" ADD COLUMN "consignor_id" varchar(40);--> statement-breakpoint
ALTER TABLE "inventory"."inbound_receipts" ADD COLUMN "order_id" varchar(100);--> statement-breakpoint
ALTER TABLE "inventory"."consignment_lots" ADD CONSTRAINT "consignment_lots_stock_level_id_stock_levels_id_fk" FOREIGN KEY ("stock_level_id") REFERENCES "inventory"."stock_levels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."consignment_lots" ADD CONSTRAINT "consignment_lots_receipt_line_id_inbound_receipt_lines_id_fk" FOREIGN KEY ("receipt_line_id") REFERENCES "inventory"."inbound_receipt_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."consignment_returns" ADD CONSTRAINT "consignment_returns_sale_id_consignment_sales_id_fk" FOREIGN KEY ("sale_id") REFERENCES "inventory"."consignment_sales"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."consignment_sales" ADD CONSTRAINT "consignment_sales_lot_id_consignment_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "inventory"."consignment_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."consignment_sales" ADD CONSTRAINT "consignment_sales_allocation_id_reservation_allocations_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "inventory"."reservation_allocations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "consignment_lots_receipt_line_key" ON "inventory"."consignment_lots" USING btree ("receipt_line_id");--> statement-breakpoint
CREATE INDEX "consignment_lots_level_idx" ON "inventory"."consignment_lots" USING btree ("stock_level_id","created_at","id");--> statement-breakpoint
CREATE INDEX "consignment_lots_consignor_idx" ON "inventory"."consignment_lots" USING btree ("consignor_id");--> statement-breakpoint
CREATE INDEX "consignment_returns_sale_idx" ON "inventory"."consignment_returns" USING btree ("sale_id");--> statement-breakpoint
CREATE UNIQUE INDEX "consignment_sales_allocation_lot_key" ON "inventory"."consignment_sales" USING btree ("allocation_id","lot_id");--> statement-breakpoint
CREATE INDEX "consignment_sales_order_idx" ON "inventory"."consignment_sales" USING btree ("order_id");--> statement-breakpoint
ALTER TABLE "inventory"."inbound_receipt_lines" ADD CONSTRAINT "inbound_receipt_lines_price_with_currency" CHECK (("inventory"."inbound_receipt_lines"."agreed_unit_price" is null) = ("inventory"."inbound_receipt_lines"."currency" is null));