ALTER TABLE "orders"."checkouts" ADD COLUMN "held_orders" jsonb;--> statement-breakpoint
ALTER TABLE "orders"."checkouts" ADD COLUMN "release_pending" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "checkouts_placing_idx" ON "orders"."checkouts" USING btree ("created_at") WHERE "orders"."checkouts"."status" = 'PLACING';--> statement-breakpoint
CREATE INDEX "checkouts_release_pending_idx" ON "orders"."checkouts" USING btree ("updated_at") WHERE "orders"."checkouts"."release_pending";