ALTER TYPE "fulfillment"."notice_status" ADD VALUE 'CANCELLED';--> statement-breakpoint
CREATE TABLE "fulfillment"."cancelled_orders" (
	"order_id" varchar(40) PRIMARY KEY NOT NULL,
	"cancelled_at" timestamp (3) with time zone NOT NULL
);
