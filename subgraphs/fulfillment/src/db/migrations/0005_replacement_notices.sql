DROP INDEX "fulfillment"."shipping_notices_source_key";--> statement-breakpoint
ALTER TABLE "fulfillment"."shipping_notices" ADD COLUMN "replacement_for" varchar(100);--> statement-breakpoint
CREATE UNIQUE INDEX "shipping_notices_source_key" ON "fulfillment"."shipping_notices" USING btree ("order_id",coalesce("replacement_for", "warehouse_id", "supplier_id"));