CREATE TABLE "orders"."checkout_point_returns" (
	"order_id" varchar(40) PRIMARY KEY NOT NULL,
	"checkout_id" varchar(40) NOT NULL,
	"points" integer NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orders"."checkout_point_returns" ADD CONSTRAINT "checkout_point_returns_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "orders"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders"."checkout_point_returns" ADD CONSTRAINT "checkout_point_returns_checkout_id_checkouts_id_fk" FOREIGN KEY ("checkout_id") REFERENCES "orders"."checkouts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "checkout_point_returns_checkout_idx" ON "orders"."checkout_point_returns" USING btree ("checkout_id");