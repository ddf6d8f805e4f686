CREATE TABLE "finance"."settlement_schedules" (
	"shop_id" varchar(40) PRIMARY KEY NOT NULL,
	"period" "finance"."statement_period" NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
