CREATE TABLE "orders"."cross_border_buyers" (
	"order_id" varchar(40) PRIMARY KEY NOT NULL,
	"real_name_sealed" text NOT NULL,
	"id_number_sealed" text NOT NULL,
	"real_name_masked" varchar(60) NOT NULL,
	"id_number_masked" varchar(18) NOT NULL,
	"id_digest" varchar(64) NOT NULL,
	"customs_year" integer NOT NULL,
	"customs_value" bigint NOT NULL,
	"currency" varchar(3) NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders"."cross_border_quota_locks" (
	"id_digest" varchar(64) NOT NULL,
	"customs_year" integer NOT NULL,
	CONSTRAINT "cross_border_quota_locks_id_digest_customs_year_pk" PRIMARY KEY("id_digest","customs_year")
);
--> statement-breakpoint
CREATE TABLE "orders"."customs_declarations" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"order_id" varchar(40) NOT NULL,
	"status" varchar(16) DEFAULT 'PENDING' NOT NULL,
	"adapter" varchar(32) NOT NULL,
	"customs_reference" varchar(64),
	"payment_id" varchar(40) NOT NULL,
	"paid_at" timestamp (3) with time zone NOT NULL,
	"documents" jsonb,
	"reason" text,
	"submitted_at" timestamp (3) with time zone,
	"decided_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customs_declarations_order_id_unique" UNIQUE("order_id")
);
--> statement-breakpoint
ALTER TABLE "orders"."orders" ADD COLUMN "cross_border_mode" varchar(16);--> statement-breakpoint
ALTER TABLE "orders"."orders" ADD COLUMN "tax_amount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders"."cross_border_buyers" ADD CONSTRAINT "cross_border_buyers_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "orders"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders"."customs_declarations" ADD CONSTRAINT "customs_declarations_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "orders"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cross_border_buyers_person_year_idx" ON "orders"."cross_border_buyers" USING btree ("id_digest","customs_year");--> statement-breakpoint
CREATE INDEX "customs_declarations_status_idx" ON "orders"."customs_declarations" USING btree ("status","created_at");