ALTER TABLE "orders"."checkouts" ADD COLUMN "payment_method" varchar(20);--> statement-breakpoint
ALTER TABLE "orders"."checkouts" ADD COLUMN "payer_open_id" varchar(128);