ALTER TYPE "inventory"."movement_type" ADD VALUE 'RETURN';--> statement-breakpoint
ALTER TYPE "inventory"."movement_type" ADD VALUE 'DAMAGED';--> statement-breakpoint
ALTER TABLE "inventory"."stock_movements" DROP CONSTRAINT "stock_movements_changes_something";--> statement-breakpoint
ALTER TABLE "inventory"."stock_levels" ADD COLUMN "damaged" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "inventory"."stock_movements" ADD COLUMN "damaged_delta" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "inventory"."stock_movements" ADD COLUMN "damaged_after" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_receipts_return_key" ON "inventory"."inbound_receipts" USING btree ("source_reference") WHERE "inventory"."inbound_receipts"."source" = 'RETURN';--> statement-breakpoint
ALTER TABLE "inventory"."stock_levels" ADD CONSTRAINT "stock_levels_damaged_not_negative" CHECK ("inventory"."stock_levels"."damaged" >= 0);--> statement-breakpoint
ALTER TABLE "inventory"."stock_movements" ADD CONSTRAINT "stock_movements_changes_something" CHECK ("inventory"."stock_movements"."on_hand_delta" <> 0 or "inventory"."stock_movements"."reserved_delta" <> 0 or "inventory"."stock_movements"."damaged_delta" <> 0);