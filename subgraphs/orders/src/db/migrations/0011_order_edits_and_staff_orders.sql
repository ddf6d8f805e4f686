CREATE TYPE "orders"."order_edit_status" AS ENUM('APPLYING', 'APPLIED', 'FAILED');--> statement-breakpoint
CREATE TABLE "orders"."order_edits" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"order_id" varchar(40) NOT NULL,
	"checkout_id" varchar(40) NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"idempotency_key" varchar(100) NOT NULL,
	"request_hash" varchar(64) NOT NULL,
	"status" "orders"."order_edit_status" DEFAULT 'APPLYING' NOT NULL,
	"changes" jsonb NOT NULL,
	"failure" jsonb,
	"payable_before" bigint,
	"payable_after" bigint,
	"points_after" integer,
	"actor" varchar(100) NOT NULL,
	"actor_role" varchar(20) NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders"."payment_repricings" (
	"payment_id" varchar(40) PRIMARY KEY NOT NULL,
	"checkout_id" varchar(40) NOT NULL,
	"reprice_key" varchar(100) NOT NULL,
	"previous_payment_id" varchar(40),
	"order_ids" jsonb NOT NULL,
	"amount" bigint NOT NULL,
	"currency" varchar(3) NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders"."staff_placements" (
	"checkout_id" varchar(40) PRIMARY KEY NOT NULL,
	"staff_id" varchar(100) NOT NULL,
	"role" varchar(20) NOT NULL,
	"staff_shop_id" varchar(40),
	"reason" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orders"."order_edits" ADD CONSTRAINT "order_edits_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "orders"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders"."order_edits" ADD CONSTRAINT "order_edits_checkout_id_checkouts_id_fk" FOREIGN KEY ("checkout_id") REFERENCES "orders"."checkouts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders"."payment_repricings" ADD CONSTRAINT "payment_repricings_checkout_id_checkouts_id_fk" FOREIGN KEY ("checkout_id") REFERENCES "orders"."checkouts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders"."staff_placements" ADD CONSTRAINT "staff_placements_checkout_id_checkouts_id_fk" FOREIGN KEY ("checkout_id") REFERENCES "orders"."checkouts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "order_edits_key" ON "orders"."order_edits" USING btree ("order_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "order_edits_one_applying" ON "orders"."order_edits" USING btree ("order_id") WHERE "orders"."order_edits"."status" = 'APPLYING';--> statement-breakpoint
CREATE INDEX "order_edits_checkout_idx" ON "orders"."order_edits" USING btree ("checkout_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_repricings_key" ON "orders"."payment_repricings" USING btree ("checkout_id","reprice_key");