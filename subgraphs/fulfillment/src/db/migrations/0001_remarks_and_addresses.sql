CREATE TABLE "fulfillment"."order_addresses" (
	"order_id" varchar(40) PRIMARY KEY NOT NULL,
	"address" jsonb NOT NULL,
	"changed_at" timestamp (3) with time zone NOT NULL
);
