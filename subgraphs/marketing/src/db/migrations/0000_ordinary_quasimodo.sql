CREATE SCHEMA "marketing";
--> statement-breakpoint
CREATE TYPE "marketing"."activity_status" AS ENUM('ACTIVE', 'ENDED');--> statement-breakpoint
CREATE TYPE "marketing"."coupon_kind" AS ENUM('FIXED_AMOUNT', 'PERCENT_OFF', 'THRESHOLD');--> statement-breakpoint
CREATE TYPE "marketing"."coupon_source" AS ENUM('CLAIM', 'GRANT');--> statement-breakpoint
CREATE TYPE "marketing"."coupon_status" AS ENUM('AVAILABLE', 'LOCKED', 'REDEEMED', 'EXPIRED');--> statement-breakpoint
CREATE TYPE "marketing"."discount_scope" AS ENUM('PLATFORM', 'SHOP', 'CATEGORIES', 'SKUS');--> statement-breakpoint
CREATE TYPE "marketing"."funder" AS ENUM('PLATFORM', 'SHOP');--> statement-breakpoint
CREATE TYPE "marketing"."promotion_kind" AS ENUM('FULL_REDUCTION', 'PERCENT_OFF');--> statement-breakpoint
CREATE TABLE "marketing"."campaigns" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"shop_id" varchar(40),
	"name" varchar(100) NOT NULL,
	"starts_at" timestamp (3) with time zone NOT NULL,
	"ends_at" timestamp (3) with time zone NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_window" CHECK ("marketing"."campaigns"."ends_at" > "marketing"."campaigns"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "marketing"."coupon_templates" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"shop_id" varchar(40),
	"funder" "marketing"."funder" NOT NULL,
	"name" varchar(100) NOT NULL,
	"kind" "marketing"."coupon_kind" NOT NULL,
	"amount_off" bigint,
	"percent_off" integer,
	"max_discount" bigint,
	"min_spend" bigint DEFAULT 0 NOT NULL,
	"currency" varchar(3) NOT NULL,
	"scope" "marketing"."discount_scope" NOT NULL,
	"scope_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"valid_from" timestamp (3) with time zone,
	"valid_until" timestamp (3) with time zone,
	"valid_days" integer,
	"claimable_from" timestamp (3) with time zone NOT NULL,
	"claimable_until" timestamp (3) with time zone NOT NULL,
	"total_quantity" integer NOT NULL,
	"claimed_count" integer DEFAULT 0 NOT NULL,
	"per_member_limit" integer DEFAULT 1 NOT NULL,
	"status" "marketing"."activity_status" DEFAULT 'ACTIVE' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coupon_templates_claimed_range" CHECK ("marketing"."coupon_templates"."claimed_count" >= 0 and "marketing"."coupon_templates"."claimed_count" <= "marketing"."coupon_templates"."total_quantity"),
	CONSTRAINT "coupon_templates_limit_positive" CHECK ("marketing"."coupon_templates"."per_member_limit" >= 1),
	CONSTRAINT "coupon_templates_validity" CHECK (("marketing"."coupon_templates"."valid_days" is not null) <> ("marketing"."coupon_templates"."valid_until" is not null)),
	CONSTRAINT "coupon_templates_percent_range" CHECK ("marketing"."coupon_templates"."percent_off" is null or "marketing"."coupon_templates"."percent_off" between 1 and 99)
);
--> statement-breakpoint
CREATE TABLE "marketing"."coupons" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"template_id" varchar(40) NOT NULL,
	"member_id" varchar(40) NOT NULL,
	"code" varchar(32) NOT NULL,
	"status" "marketing"."coupon_status" DEFAULT 'AVAILABLE' NOT NULL,
	"source" "marketing"."coupon_source" NOT NULL,
	"valid_from" timestamp (3) with time zone NOT NULL,
	"valid_until" timestamp (3) with time zone NOT NULL,
	"order_id" varchar(40),
	"discount_amount" bigint,
	"claimed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"locked_at" timestamp (3) with time zone,
	"redeemed_at" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coupons_order_when_used" CHECK (("marketing"."coupons"."status" in ('LOCKED', 'REDEEMED')) = ("marketing"."coupons"."order_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "marketing"."flash_sale_takes" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"flash_sale_id" varchar(40) NOT NULL,
	"member_id" varchar(40) NOT NULL,
	"order_id" varchar(40) NOT NULL,
	"quantity" integer NOT NULL,
	"released_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "flash_sale_takes_quantity_positive" CHECK ("marketing"."flash_sale_takes"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "marketing"."flash_sales" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"campaign_id" varchar(40),
	"name" varchar(100) NOT NULL,
	"price" bigint NOT NULL,
	"currency" varchar(3) NOT NULL,
	"quantity" integer NOT NULL,
	"sold" integer DEFAULT 0 NOT NULL,
	"per_member_limit" integer DEFAULT 1 NOT NULL,
	"starts_at" timestamp (3) with time zone NOT NULL,
	"ends_at" timestamp (3) with time zone NOT NULL,
	"status" "marketing"."activity_status" DEFAULT 'ACTIVE' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "flash_sales_sold_range" CHECK ("marketing"."flash_sales"."sold" >= 0 and "marketing"."flash_sales"."sold" <= "marketing"."flash_sales"."quantity"),
	CONSTRAINT "flash_sales_price_not_negative" CHECK ("marketing"."flash_sales"."price" >= 0),
	CONSTRAINT "flash_sales_window" CHECK ("marketing"."flash_sales"."ends_at" > "marketing"."flash_sales"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "marketing"."promotions" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"shop_id" varchar(40),
	"campaign_id" varchar(40),
	"name" varchar(100) NOT NULL,
	"kind" "marketing"."promotion_kind" NOT NULL,
	"tiers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"percent_off" integer,
	"max_discount" bigint,
	"currency" varchar(3) NOT NULL,
	"scope" "marketing"."discount_scope" NOT NULL,
	"scope_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"starts_at" timestamp (3) with time zone NOT NULL,
	"ends_at" timestamp (3) with time zone NOT NULL,
	"status" "marketing"."activity_status" DEFAULT 'ACTIVE' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "promotions_window" CHECK ("marketing"."promotions"."ends_at" > "marketing"."promotions"."starts_at")
);
--> statement-breakpoint
ALTER TABLE "marketing"."coupons" ADD CONSTRAINT "coupons_template_id_coupon_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "marketing"."coupon_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marketing"."flash_sale_takes" ADD CONSTRAINT "flash_sale_takes_flash_sale_id_flash_sales_id_fk" FOREIGN KEY ("flash_sale_id") REFERENCES "marketing"."flash_sales"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marketing"."flash_sales" ADD CONSTRAINT "flash_sales_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "marketing"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marketing"."promotions" ADD CONSTRAINT "promotions_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "marketing"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaigns_shop_starts_idx" ON "marketing"."campaigns" USING btree ("shop_id","starts_at","id");--> statement-breakpoint
CREATE INDEX "campaigns_starts_idx" ON "marketing"."campaigns" USING btree ("starts_at","id");--> statement-breakpoint
CREATE INDEX "coupon_templates_created_idx" ON "marketing"."coupon_templates" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "coupon_templates_shop_created_idx" ON "marketing"."coupon_templates" USING btree ("shop_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "coupons_code_key" ON "marketing"."coupons" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "coupons_order_key" ON "marketing"."coupons" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "coupons_template_member_idx" ON "marketing"."coupons" USING btree ("template_id","member_id");--> statement-breakpoint
CREATE INDEX "coupons_member_claimed_idx" ON "marketing"."coupons" USING btree ("member_id","claimed_at","id");--> statement-breakpoint
CREATE INDEX "coupons_claimed_idx" ON "marketing"."coupons" USING btree ("claimed_at","id");--> statement-breakpoint
CREATE INDEX "coupons_template_status_idx" ON "marketing"."coupons" USING btree ("template_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "flash_sale_takes_order_key" ON "marketing"."flash_sale_takes" USING btree ("flash_sale_id","order_id");--> statement-breakpoint
CREATE INDEX "flash_sale_takes_member_idx" ON "marketing"."flash_sale_takes" USING btree ("flash_sale_id","member_id");--> statement-breakpoint
CREATE INDEX "flash_sale_takes_order_idx" ON "marketing"."flash_sale_takes" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "flash_sales_sku_idx" ON "marketing"."flash_sales" USING btree ("sku_id","starts_at");--> statement-breakpoint
CREATE INDEX "flash_sales_created_idx" ON "marketing"."flash_sales" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "flash_sales_shop_created_idx" ON "marketing"."flash_sales" USING btree ("shop_id","created_at","id");--> statement-breakpoint
CREATE INDEX "promotions_created_idx" ON "marketing"."promotions" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "promotions_shop_created_idx" ON "marketing"."promotions" USING btree ("shop_id","created_at","id");--> statement-breakpoint
CREATE INDEX "promotions_window_idx" ON "marketing"."promotions" USING btree ("starts_at","ends_at");--> statement-breakpoint
CREATE INDEX "promotions_campaign_idx" ON "marketing"."promotions" USING btree ("campaign_id");