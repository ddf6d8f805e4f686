CREATE TABLE "orders"."service_slot_days" (
	"sku_id" varchar(40) NOT NULL,
	"slot_date" varchar(10) NOT NULL,
	"taken" integer NOT NULL,
	CONSTRAINT "service_slot_days_sku_id_slot_date_pk" PRIMARY KEY("sku_id","slot_date"),
	CONSTRAINT "service_slot_days_taken" CHECK ("orders"."service_slot_days"."taken" >= 0)
);
--> statement-breakpoint
CREATE TABLE "orders"."service_slot_holds" (
	"order_line_id" varchar(40) PRIMARY KEY NOT NULL,
	"order_id" varchar(40) NOT NULL,
	"checkout_id" varchar(40) NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"slot_date" varchar(10) NOT NULL,
	"quantity" integer NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "service_slot_holds_order_idx" ON "orders"."service_slot_holds" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "service_slot_holds_checkout_idx" ON "orders"."service_slot_holds" USING btree ("checkout_id");