CREATE TABLE "inventory"."reservation_withdrawals" (
	"key" varchar(100) PRIMARY KEY NOT NULL,
	"reservation_id" varchar(40) NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"quantity" integer NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inventory"."reservation_allocations" ADD COLUMN "released_quantity" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "inventory"."reservation_withdrawals" ADD CONSTRAINT "reservation_withdrawals_reservation_id_reservations_id_fk" FOREIGN KEY ("reservation_id") REFERENCES "inventory"."reservations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory"."reservation_allocations" ADD CONSTRAINT "reservation_allocations_released_within" CHECK ("inventory"."reservation_allocations"."released_quantity" >= 0 and "inventory"."reservation_allocations"."shipped_quantity" + "inventory"."reservation_allocations"."released_quantity" <= "inventory"."reservation_allocations"."quantity");