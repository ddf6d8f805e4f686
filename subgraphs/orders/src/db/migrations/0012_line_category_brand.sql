ALTER TABLE "orders"."order_lines" ADD COLUMN "category_id" varchar(40);--> statement-breakpoint
ALTER TABLE "orders"."order_lines" ADD COLUMN "category_path" jsonb;--> statement-breakpoint
ALTER TABLE "orders"."order_lines" ADD COLUMN "brand_id" varchar(40);