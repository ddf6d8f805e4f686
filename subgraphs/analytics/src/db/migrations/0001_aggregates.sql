CREATE TABLE "analytics"."after_sales" (
	"request_id" varchar(40) PRIMARY KEY NOT NULL,
	"order_id" varchar(40) NOT NULL,
	"order_line_id" varchar(40) NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"type" varchar(20) NOT NULL,
	"reason_code" varchar(30) NOT NULL,
	"quantity" integer NOT NULL,
	"filed_at" timestamp (3) with time zone NOT NULL,
	"filed_day" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics"."coupon_claims" (
	"coupon_id" varchar(40) PRIMARY KEY NOT NULL,
	"template_id" varchar(40) NOT NULL,
	"shop_id" varchar(40),
	"member_id" varchar(40) NOT NULL,
	"source" varchar(10) NOT NULL,
	"claimed_day" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics"."coupon_redemptions" (
	"coupon_id" varchar(40) NOT NULL,
	"checkout_id" varchar(40) NOT NULL,
	"template_id" varchar(40) NOT NULL,
	"shop_id" varchar(40),
	"member_id" varchar(40) NOT NULL,
	"discount" bigint NOT NULL,
	"currency" varchar(3) NOT NULL,
	"redeemed_day" date NOT NULL,
	CONSTRAINT "coupon_redemptions_coupon_id_checkout_id_pk" PRIMARY KEY("coupon_id","checkout_id")
);
--> statement-breakpoint
CREATE TABLE "analytics"."order_funnel" (
	"order_id" varchar(40) PRIMARY KEY NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"member_id" varchar(40) NOT NULL,
	"placed_day" date,
	"paid_at" timestamp (3) with time zone,
	"shipped_at" timestamp (3) with time zone,
	"completed_at" timestamp (3) with time zone,
	"ended_at" timestamp (3) with time zone,
	"end_status" varchar(10),
	"end_reason" text
);
--> statement-breakpoint
ALTER TABLE "analytics"."sales_facts" ADD COLUMN "coupon_template_id" varchar(40);--> statement-breakpoint
ALTER TABLE "analytics"."sales_facts" ADD COLUMN "campaign_id" varchar(40);--> statement-breakpoint
ALTER TABLE "analytics"."sales_refunds" ADD COLUMN "kind" varchar(20) DEFAULT 'OTHER' NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics"."sales_refunds" ADD COLUMN "after_sale_id" varchar(40);--> statement-breakpoint
CREATE INDEX "coupon_claims_day_idx" ON "analytics"."coupon_claims" USING btree ("claimed_day","template_id");--> statement-breakpoint
CREATE INDEX "coupon_redemptions_day_idx" ON "analytics"."coupon_redemptions" USING btree ("redeemed_day","template_id");--> statement-breakpoint
CREATE INDEX "order_funnel_placed_idx" ON "analytics"."order_funnel" USING btree ("placed_day","shop_id");