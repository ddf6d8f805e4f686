CREATE TYPE "catalog"."attribute_kind" AS ENUM('KEY', 'DESCRIPTIVE', 'SALES');--> statement-breakpoint
CREATE TYPE "catalog"."price_change_source" AS ENUM('CREATED', 'MANUAL', 'SCHEDULED', 'BULK');--> statement-breakpoint
CREATE TYPE "catalog"."price_change_status" AS ENUM('SCHEDULED', 'APPLIED', 'CANCELLED');--> statement-breakpoint
CREATE TABLE "catalog"."attribute_definitions" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"category_id" varchar(40) NOT NULL,
	"name" varchar(30) NOT NULL,
	"kind" "catalog"."attribute_kind" NOT NULL,
	"required" boolean DEFAULT false NOT NULL,
	"allowed_values" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog"."brand_categories" (
	"brand_id" varchar(40) NOT NULL,
	"category_id" varchar(40) NOT NULL,
	CONSTRAINT "brand_categories_brand_id_category_id_pk" PRIMARY KEY("brand_id","category_id")
);
--> statement-breakpoint
CREATE TABLE "catalog"."outbox" (
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
CREATE TABLE "catalog"."price_changes" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"currency" varchar(3) NOT NULL,
	"sale_price_amount" bigint,
	"list_price_amount" bigint,
	"cost_price_amount" bigint,
	"previous_sale_price_amount" bigint,
	"previous_list_price_amount" bigint,
	"previous_cost_price_amount" bigint,
	"status" "catalog"."price_change_status" NOT NULL,
	"source" "catalog"."price_change_source" NOT NULL,
	"reason" text,
	"effective_at" timestamp (3) with time zone NOT NULL,
	"applied_at" timestamp (3) with time zone,
	"actor" varchar(100) NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalog"."skus" ADD COLUMN "barcode" varchar(64);--> statement-breakpoint
ALTER TABLE "catalog"."skus" ADD COLUMN "list_price_amount" bigint;--> statement-breakpoint
ALTER TABLE "catalog"."skus" ADD COLUMN "cost_price_amount" bigint;--> statement-breakpoint
ALTER TABLE "catalog"."skus" ADD COLUMN "weight_grams" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "catalog"."skus" ADD COLUMN "volume_cm3" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "catalog"."spus" ADD COLUMN "attributes" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "catalog"."spus" ADD COLUMN "media_urls" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "catalog"."spus" ADD COLUMN "min_sale_price_amount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "catalog"."spus" ADD COLUMN "price_currency" varchar(3) DEFAULT 'CNY' NOT NULL;--> statement-breakpoint
ALTER TABLE "catalog"."attribute_definitions" ADD CONSTRAINT "attribute_definitions_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "catalog"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog"."brand_categories" ADD CONSTRAINT "brand_categories_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "catalog"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog"."brand_categories" ADD CONSTRAINT "brand_categories_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "catalog"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog"."price_changes" ADD CONSTRAINT "price_changes_sku_id_skus_id_fk" FOREIGN KEY ("sku_id") REFERENCES "catalog"."skus"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attribute_definitions_category_name_key" ON "catalog"."attribute_definitions" USING btree ("category_id",lower("name"));--> statement-breakpoint
CREATE INDEX "attribute_definitions_category_idx" ON "catalog"."attribute_definitions" USING btree ("category_id","position");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "catalog"."outbox" USING btree ("id") WHERE published_at is null;--> statement-breakpoint
CREATE INDEX "price_changes_sku_applied_idx" ON "catalog"."price_changes" USING btree ("sku_id","applied_at","id");--> statement-breakpoint
CREATE INDEX "price_changes_scheduled_idx" ON "catalog"."price_changes" USING btree ("sku_id","effective_at") WHERE status = 'SCHEDULED';--> statement-breakpoint
CREATE INDEX "spus_min_price_idx" ON "catalog"."spus" USING btree ("min_sale_price_amount","id");--> statement-breakpoint
CREATE INDEX "spus_shop_min_price_idx" ON "catalog"."spus" USING btree ("shop_id","min_sale_price_amount","id");--> statement-breakpoint
ALTER TABLE "catalog"."skus" ADD CONSTRAINT "skus_list_price_not_negative" CHECK ("catalog"."skus"."list_price_amount" >= 0);--> statement-breakpoint
ALTER TABLE "catalog"."skus" ADD CONSTRAINT "skus_cost_price_not_negative" CHECK ("catalog"."skus"."cost_price_amount" >= 0);--> statement-breakpoint
ALTER TABLE "catalog"."skus" ADD CONSTRAINT "skus_measures_not_negative" CHECK ("catalog"."skus"."weight_grams" >= 0 and "catalog"."skus"."volume_cm3" >= 0);--> statement-breakpoint
-- Existing products: their lowest sale price (active SKUs first) and their currency.
UPDATE "catalog"."spus" s SET
  "min_sale_price_amount" = coalesce(
    (select min(k."price_amount") from "catalog"."skus" k where k."spu_id" = s."id" and k."status" = 'ACTIVE'),
    (select min(k."price_amount") from "catalog"."skus" k where k."spu_id" = s."id"), 0),
  "price_currency" = coalesce((select k."price_currency" from "catalog"."skus" k where k."spu_id" = s."id" limit 1), 'CNY');
