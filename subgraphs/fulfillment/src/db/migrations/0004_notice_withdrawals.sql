CREATE TABLE "fulfillment"."notice_withdrawals" (
	"key" varchar(100) PRIMARY KEY NOT NULL,
	"notice_id" varchar(40) NOT NULL,
	"order_line_id" varchar(100) NOT NULL,
	"quantity" integer NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fulfillment"."notice_withdrawals" ADD CONSTRAINT "notice_withdrawals_notice_id_shipping_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "fulfillment"."shipping_notices"("id") ON DELETE no action ON UPDATE no action;