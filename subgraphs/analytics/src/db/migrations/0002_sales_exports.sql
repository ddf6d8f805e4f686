CREATE TABLE "analytics"."sales_exports" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"kind" varchar(20) NOT NULL,
	"shop_id" varchar(40),
	"requested_by" varchar(200) NOT NULL,
	"requester_role" varchar(20) NOT NULL,
	"filter" jsonb NOT NULL,
	"group_by" text[] DEFAULT '{}' NOT NULL,
	"metrics" text[] DEFAULT '{}' NOT NULL,
	"generation" integer NOT NULL,
	"status" varchar(10) NOT NULL,
	"rows_written" integer DEFAULT 0 NOT NULL,
	"total_rows" integer,
	"bytes" bigint,
	"error" text,
	"finished_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "sales_exports_requester_idx" ON "analytics"."sales_exports" USING btree ("requested_by","created_at");