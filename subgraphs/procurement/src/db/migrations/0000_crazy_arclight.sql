CREATE SCHEMA "procurement";
--> statement-breakpoint
CREATE TYPE "procurement"."supplier_status" AS ENUM('ACTIVE', 'SUSPENDED');--> statement-breakpoint
CREATE TABLE "procurement"."drop_ship_offers" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"supplier_id" varchar(40) NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"supply_price" bigint NOT NULL,
	"currency" varchar(3) NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "drop_ship_offers_price_not_negative" CHECK ("procurement"."drop_ship_offers"."supply_price" >= 0)
);
--> statement-breakpoint
CREATE TABLE "procurement"."suppliers" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"code" varchar(32) NOT NULL,
	"name" varchar(100) NOT NULL,
	"contact_name" varchar(50),
	"contact_phone" varchar(20),
	"status" "procurement"."supplier_status" DEFAULT 'ACTIVE' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "procurement"."drop_ship_offers" ADD CONSTRAINT "drop_ship_offers_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "procurement"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "drop_ship_offers_supplier_sku_key" ON "procurement"."drop_ship_offers" USING btree ("supplier_id","sku_id");--> statement-breakpoint
CREATE UNIQUE INDEX "drop_ship_offers_active_sku_key" ON "procurement"."drop_ship_offers" USING btree ("sku_id") WHERE "procurement"."drop_ship_offers"."active";--> statement-breakpoint
CREATE INDEX "drop_ship_offers_supplier_idx" ON "procurement"."drop_ship_offers" USING btree ("supplier_id","sku_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "suppliers_shop_code_key" ON "procurement"."suppliers" USING btree ("shop_id",lower("code"));--> statement-breakpoint
CREATE INDEX "suppliers_shop_code_idx" ON "procurement"."suppliers" USING btree ("shop_id","code","id");--> statement-breakpoint
CREATE INDEX "suppliers_code_idx" ON "procurement"."suppliers" USING btree ("code","id");