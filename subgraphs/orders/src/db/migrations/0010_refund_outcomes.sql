ALTER TABLE "orders"."order_refund_requests" ADD COLUMN "after_sale" jsonb;--> statement-breakpoint
ALTER TABLE "orders"."order_refund_requests" ADD COLUMN "succeeded_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "orders"."order_refund_requests" ADD COLUMN "failed_at" timestamp (3) with time zone;