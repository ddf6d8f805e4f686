CREATE TABLE "analytics"."rollup_day_shop" (
	"generation" integer NOT NULL,
	"day" date NOT NULL,
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
	CONSTRAINT "rollup_day_shop_generation_day_shop_id_currency_pk" PRIMARY KEY("generation","day","shop_id","currency")
);
--> statement-breakpoint
CREATE TABLE "analytics"."rollup_month_sku" (
	"generation" integer NOT NULL,
	"month" date NOT NULL,
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
	CONSTRAINT "rollup_month_sku_generation_month_sku_id_currency_pk" PRIMARY KEY("generation","month","sku_id","currency")
);
--> statement-breakpoint
CREATE INDEX "rollup_month_sku_gross_idx" ON "analytics"."rollup_month_sku" USING btree ("generation","month","gross" DESC NULLS LAST,"sku_id");--> statement-breakpoint
-- The new rollups summed from the facts already recorded (sales on their paid day, refunds on theirs), so they agree with the facts from the start.
INSERT INTO "analytics"."rollup_day_shop" ("generation", "day", "shop_id", "currency", "units", "gross", "platform_coupon", "shop_coupon", "promotion", "member_level", "points", "freight", "paid", "refunded", "cost", "costed_revenue")
SELECT "generation", "day", "shop_id", "currency", sum("units")::int, sum("gross")::bigint, sum("platform_coupon")::bigint, sum("shop_coupon")::bigint, sum("promotion")::bigint, sum("member_level")::bigint, sum("points")::bigint, sum("freight")::bigint, sum("paid")::bigint, sum("refunded")::bigint, sum("cost")::bigint, sum("costed_revenue")::bigint
FROM "analytics"."rollup_day_shop_category" GROUP BY "generation", "day", "shop_id", "currency";
--> statement-breakpoint
INSERT INTO "analytics"."rollup_month_sku" ("generation", "month", "sku_id", "shop_id", "currency", "units", "gross", "platform_coupon", "shop_coupon", "promotion", "member_level", "points", "freight", "paid", "refunded", "cost", "costed_revenue")
SELECT "generation", date_trunc('month', "day")::date, "sku_id", min("shop_id"), "currency", sum("units")::int, sum("gross")::bigint, sum("platform_coupon")::bigint, sum("shop_coupon")::bigint, sum("promotion")::bigint, sum("member_level")::bigint, sum("points")::bigint, sum("freight")::bigint, sum("paid")::bigint, sum("refunded")::bigint, sum("cost")::bigint, sum("costed_revenue")::bigint
FROM "analytics"."rollup_day_sku" GROUP BY "generation", date_trunc('month', "day")::date, "sku_id", "currency";
