ALTER TABLE "orders"."order_lines" ADD COLUMN "voucher_terms" jsonb;--> statement-breakpoint
ALTER TABLE "orders"."order_lines" ADD COLUMN "service_date" varchar(10);