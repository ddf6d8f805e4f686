CREATE SCHEMA "catalog";
--> statement-breakpoint
CREATE TYPE "catalog"."category_status" AS ENUM('ENABLED', 'DISABLED');--> statement-breakpoint
CREATE TYPE "catalog"."product_type" AS ENUM('PHYSICAL', 'SERVICE', 'PHYSICAL_WITH_SERVICE');--> statement-breakpoint
CREATE TYPE "catalog"."sku_status" AS ENUM('ACTIVE', 'INACTIVE');--> statement-breakpoint
CREATE TYPE "catalog"."spu_status" AS ENUM('DRAFT', 'PENDING_REVIEW', 'ON_SALE', 'OFF_SHELF');--> statement-breakpoint
CREATE TABLE "catalog"."brands" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"name" varchar(100) NOT NULL,
	"logo_url" varchar(500),
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog"."categories" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"parent_id" varchar(40),
	"name" varchar(100) NOT NULL,
	"path" varchar(500) NOT NULL,
	"depth" integer NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"status" "catalog"."category_status" DEFAULT 'ENABLED' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "categories_depth_positive" CHECK ("catalog"."categories"."depth" >= 1)
);
--> statement-breakpoint
CREATE TABLE "catalog"."skus" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"spu_id" varchar(40) NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"code" varchar(64) NOT NULL,
	"sales_attributes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"price_amount" bigint NOT NULL,
	"price_currency" varchar(3) NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"status" "catalog"."sku_status" DEFAULT 'ACTIVE' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "skus_price_not_negative" CHECK ("catalog"."skus"."price_amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "catalog"."spu_status_changes" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"spu_id" varchar(40) NOT NULL,
	"from_status" "catalog"."spu_status",
	"to_status" "catalog"."spu_status" NOT NULL,
	"reason" text,
	"actor" varchar(100) NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "catalog"."spu_status_changes_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	CONSTRAINT "spu_status_changes_differ" CHECK ("catalog"."spu_status_changes"."from_status" is distinct from "catalog"."spu_status_changes"."to_status")
);
--> statement-breakpoint
CREATE TABLE "catalog"."spus" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"category_id" varchar(40) NOT NULL,
	"brand_id" varchar(40),
	"name" varchar(200) NOT NULL,
	"description" text,
	"product_type" "catalog"."product_type" DEFAULT 'PHYSICAL' NOT NULL,
	"status" "catalog"."spu_status" DEFAULT 'DRAFT' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalog"."categories" ADD CONSTRAINT "categories_parent_id_categories_id_fk" FOREIGN KEY ("parent_id") REFERENCES "catalog"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog"."skus" ADD CONSTRAINT "skus_spu_id_spus_id_fk" FOREIGN KEY ("spu_id") REFERENCES "catalog"."spus"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog"."spu_status_changes" ADD CONSTRAINT "spu_status_changes_spu_id_spus_id_fk" FOREIGN KEY ("spu_id") REFERENCES "catalog"."spus"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog"."spus" ADD CONSTRAINT "spus_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "catalog"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog"."spus" ADD CONSTRAINT "spus_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "catalog"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "brands_name_key" ON "catalog"."brands" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "brands_name_idx" ON "catalog"."brands" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "categories_path_idx" ON "catalog"."categories" USING btree ("path" varchar_pattern_ops);--> statement-breakpoint
CREATE INDEX "categories_parent_idx" ON "catalog"."categories" USING btree ("parent_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "categories_sibling_name_key" ON "catalog"."categories" USING btree (coalesce("parent_id", ''),lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "skus_shop_code_key" ON "catalog"."skus" USING btree ("shop_id","code");--> statement-breakpoint
CREATE INDEX "skus_spu_idx" ON "catalog"."skus" USING btree ("spu_id","position");--> statement-breakpoint
CREATE INDEX "skus_shop_created_idx" ON "catalog"."skus" USING btree ("shop_id","created_at","id");--> statement-breakpoint
CREATE INDEX "skus_created_idx" ON "catalog"."skus" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "skus_code_idx" ON "catalog"."skus" USING btree ("code","id");--> statement-breakpoint
CREATE INDEX "spu_status_changes_spu_idx" ON "catalog"."spu_status_changes" USING btree ("spu_id","seq");--> statement-breakpoint
CREATE INDEX "spus_shop_created_idx" ON "catalog"."spus" USING btree ("shop_id","created_at","id");--> statement-breakpoint
CREATE INDEX "spus_created_idx" ON "catalog"."spus" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "spus_updated_idx" ON "catalog"."spus" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "spus_shop_updated_idx" ON "catalog"."spus" USING btree ("shop_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "spus_name_idx" ON "catalog"."spus" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "spus_shop_name_idx" ON "catalog"."spus" USING btree ("shop_id","name","id");--> statement-breakpoint
CREATE INDEX "spus_category_idx" ON "catalog"."spus" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "spus_brand_idx" ON "catalog"."spus" USING btree ("brand_id");--> statement-breakpoint
CREATE INDEX "spus_status_idx" ON "catalog"."spus" USING btree ("status");