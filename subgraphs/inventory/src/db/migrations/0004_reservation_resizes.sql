CREATE TABLE "inventory"."reservation_resizes" (
	"key" varchar(100) PRIMARY KEY NOT NULL,
	"reservation_id" varchar(40) NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"from_quantity" integer NOT NULL,
	"to_quantity" integer NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inventory"."reservation_resizes" ADD CONSTRAINT "reservation_resizes_reservation_id_reservations_id_fk" FOREIGN KEY ("reservation_id") REFERENCES "inventory"."reservations"("id") ON DELETE no action ON UPDATE no action;