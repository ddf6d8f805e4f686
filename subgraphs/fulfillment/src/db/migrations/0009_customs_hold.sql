CREATE TABLE "fulfillment"."customs_clearances" (
	"order_id" varchar(100) PRIMARY KEY NOT NULL,
	"cleared_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fulfillment"."shipping_notices" ADD COLUMN "customs_hold" boolean DEFAULT false NOT NULL;