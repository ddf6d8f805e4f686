CREATE SCHEMA "shops";
--> statement-breakpoint
CREATE TYPE "shops"."shop_status" AS ENUM('ACTIVE', 'SUSPENDED', 'CLOSED');--> statement-breakpoint
CREATE TYPE "shops"."staff_role" AS ENUM('OWNER', 'MANAGER', 'STAFF');--> statement-breakpoint
CREATE TYPE "shops"."staff_status" AS ENUM('ACTIVE', 'DISABLED');--> statement-breakpoint
CREATE TABLE "shops"."shop_staff" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"name" varchar(100) NOT NULL,
	"email" varchar(200) NOT NULL,
	"role" "shops"."staff_role" NOT NULL,
	"status" "shops"."staff_status" DEFAULT 'ACTIVE' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shops"."shop_status_changes" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"from_status" "shops"."shop_status" NOT NULL,
	"to_status" "shops"."shop_status" NOT NULL,
	"reason" text,
	"actor" varchar(100) NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shop_status_changes_differ" CHECK ("shops"."shop_status_changes"."from_status" <> "shops"."shop_status_changes"."to_status")
);
--> statement-breakpoint
CREATE TABLE "shops"."shops" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"name" varchar(100) NOT NULL,
	"description" text,
	"status" "shops"."shop_status" DEFAULT 'ACTIVE' NOT NULL,
	"currency_code" varchar(3) DEFAULT 'CNY' NOT NULL,
	"contact_name" varchar(100) NOT NULL,
	"contact_phone" varchar(30),
	"contact_email" varchar(200),
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "shops"."shop_staff" ADD CONSTRAINT "shop_staff_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "shops"."shops"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shops"."shop_status_changes" ADD CONSTRAINT "shop_status_changes_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "shops"."shops"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "shop_staff_email_key" ON "shops"."shop_staff" USING btree ("shop_id",lower("email"));--> statement-breakpoint
CREATE INDEX "shop_staff_shop_idx" ON "shops"."shop_staff" USING btree ("shop_id","created_at","id");--> statement-breakpoint
CREATE INDEX "shop_status_changes_shop_idx" ON "shops"."shop_status_changes" USING btree ("shop_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "shops_name_key" ON "shops"."shops" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "shops_created_idx" ON "shops"."shops" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "shops_name_idx" ON "shops"."shops" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "shops_status_idx" ON "shops"."shops" USING btree ("status");