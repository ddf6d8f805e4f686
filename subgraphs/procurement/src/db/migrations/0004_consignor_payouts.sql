CREATE TABLE "procurement"."consignor_payouts" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"supplier_id" varchar(40) NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"period_from" timestamp (3) with time zone NOT NULL,
	"period_to" timestamp (3) with time zone NOT NULL,
	"currency" varchar(3) NOT NULL,
	"amount" bigint NOT NULL,
	"units_sold" integer NOT NULL,
	"units_returned" integer NOT NULL,
	"paid_by" varchar(100) NOT NULL,
	"paid_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "consignor_payouts_amount_positive" CHECK ("procurement"."consignor_payouts"."amount" > 0),
	CONSTRAINT "consignor_payouts_period" CHECK ("procurement"."consignor_payouts"."period_from" < "procurement"."consignor_payouts"."period_to")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "consignor_payouts_period_key" ON "procurement"."consignor_payouts" USING btree ("supplier_id","currency","period_from","period_to");