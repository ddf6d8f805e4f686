ALTER TABLE "orders"."order_lines" ADD COLUMN "order_created_at" timestamp (3) with time zone;--> statement-breakpoint
-- Lines of orders placed before: their order's time.
UPDATE "orders"."order_lines" AS l SET "order_created_at" = o."created_at" FROM "orders"."orders" AS o WHERE o."id" = l."order_id";--> statement-breakpoint
ALTER TABLE "orders"."order_lines" ALTER COLUMN "order_created_at" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "order_lines_sku_created_idx" ON "orders"."order_lines" USING btree ("sku_id","order_created_at","order_id");
