CREATE SCHEMA "analytics";
--> statement-breakpoint
CREATE TABLE "analytics"."rollup_day_shop_category" (
	"generation" integer NOT NULL,
	"day" date NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"category_id" varchar(40) NOT NULL,
	"category_path" text[] DEFAULT '{}' NOT NULL,
	"currency" varchar(3) NOT NULL,
	"units" integer DEFAULT 0 NOT NULL,
	"gross" bigint DEFAULT 0 NOT NULL,
	"platform_coupon" bigint DEFAULT 0 NOT NULL,
	"shop_coupon" bigint DEFAULT 0 NOT NULL,
	"promotion" bigint DEFAULT 0 NOT NULL,
	"member_level" bigint DEFAULT 0 NOT NULL,
	"points" bigint DEFAULT 0 NOT NULL,
	"freight" bigint DEFAULT 0 NOT NULL,
	"paid" bigint DEFAULT 0 NOT NULL,
	"refunded" bigint DEFAULT 0 NOT NULL,
	"cost" bigint DEFAULT 0 NOT NULL,
	"costed_revenue" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_day_shop_category_generation_day_shop_id_category_id_currency_pk" PRIMARY KEY("generation","day","shop_id","category_id","currency")
);
--> statement-breakpoint
CREATE TABLE "analytics"."rollup_day_sku" (
	"generation" integer NOT NULL,
	"day" date NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"currency" varchar(3) NOT NULL,
	"units" integer DEFAULT 0 NOT NULL,
	"gross" bigint DEFAULT 0 NOT NULL,
	"platform_coupon" bigint DEFAULT 0 NOT NULL,
	"shop_coupon" bigint DEFAULT 0 NOT NULL,
	"promotion" bigint DEFAULT 0 NOT NULL,
	"member_level" bigint DEFAULT 0 NOT NULL,
	"points" bigint DEFAULT 0 NOT NULL,
	"freight" bigint DEFAULT 0 NOT NULL,
	"paid" bigint DEFAULT 0 NOT NULL,
	"refunded" bigint DEFAULT 0 NOT NULL,
	"cost" bigint DEFAULT 0 NOT NULL,
	"costed_revenue" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_day_sku_generation_day_sku_id_currency_pk" PRIMARY KEY("generation","day","sku_id","currency")
);
--> statement-breakpoint
CREATE TABLE "analytics"."generations" (
	"id" integer PRIMARY KEY NOT NULL,
	"status" varchar(10) NOT NULL,
	"orders_replayed" integer DEFAULT 0 NOT NULL,
	"refunds_replayed" integer DEFAULT 0 NOT NULL,
	"error" text,
	"finished_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics"."outbox" (
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
CREATE TABLE "analytics"."processed_events" (
	"event_id" varchar(40) NOT NULL,
	"handler" varchar(100) NOT NULL,
	"processed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_event_id_handler_pk" PRIMARY KEY("event_id","handler")
);
--> statement-breakpoint
CREATE TABLE "analytics"."sales_facts" (
	"generation" integer NOT NULL,
	"order_line_id" varchar(40) NOT NULL,
	"order_id" varchar(40) NOT NULL,
	"checkout_id" varchar(40),
	"shop_id" varchar(40) NOT NULL,
	"member_id" varchar(40) NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"spu_id" varchar(40),
	"category_id" varchar(40),
	"category_path" text[] DEFAULT '{}' NOT NULL,
	"brand_id" varchar(40),
	"member_level_id" varchar(40),
	"region" varchar(50),
	"channel" varchar(30) NOT NULL,
	"order_type" varchar(20) NOT NULL,
	"currency" varchar(3) NOT NULL,
	"paid_at" timestamp (3) with time zone NOT NULL,
	"paid_day" date NOT NULL,
	"order_status" varchar(20) NOT NULL,
	"unit_cost" bigint,
	"units" integer DEFAULT 0 NOT NULL,
	"gross" bigint DEFAULT 0 NOT NULL,
	"platform_coupon" bigint DEFAULT 0 NOT NULL,
	"shop_coupon" bigint DEFAULT 0 NOT NULL,
	"promotion" bigint DEFAULT 0 NOT NULL,
	"member_level" bigint DEFAULT 0 NOT NULL,
	"points" bigint DEFAULT 0 NOT NULL,
	"freight" bigint DEFAULT 0 NOT NULL,
	"paid" bigint DEFAULT 0 NOT NULL,
	"refunded" bigint DEFAULT 0 NOT NULL,
	"cost" bigint DEFAULT 0 NOT NULL,
	"costed_revenue" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sales_facts_generation_order_line_id_pk" PRIMARY KEY("generation","order_line_id")
);
--> statement-breakpoint
CREATE TABLE "analytics"."sales_refunds" (
	"generation" integer NOT NULL,
	"refund_id" varchar(40) NOT NULL,
	"order_line_id" varchar(40) NOT NULL,
	"order_id" varchar(40) NOT NULL,
	"amount" bigint NOT NULL,
	"currency" varchar(3) NOT NULL,
	"refunded_at" timestamp (3) with time zone NOT NULL,
	"refund_day" date NOT NULL,
	CONSTRAINT "sales_refunds_generation_refund_id_order_line_id_pk" PRIMARY KEY("generation","refund_id","order_line_id")
);
--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "analytics"."outbox" USING btree ("id") WHERE published_at is null;--> statement-breakpoint
CREATE INDEX "sales_facts_day_idx" ON "analytics"."sales_facts" USING btree ("generation","paid_day");--> statement-breakpoint
CREATE INDEX "sales_facts_order_idx" ON "analytics"."sales_facts" USING btree ("generation","order_id");--> statement-breakpoint
CREATE INDEX "sales_facts_checkout_idx" ON "analytics"."sales_facts" USING btree ("generation","checkout_id");--> statement-breakpoint
CREATE INDEX "sales_facts_shop_day_idx" ON "analytics"."sales_facts" USING btree ("generation","shop_id","paid_day");--> statement-breakpoint
CREATE INDEX "sales_refunds_day_idx" ON "analytics"."sales_refunds" USING btree ("generation","refund_day");