CREATE TABLE "payments"."shop_payment_methods" (
	"shop_id" varchar(40) PRIMARY KEY NOT NULL,
	"methods" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
