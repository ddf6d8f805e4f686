CREATE TYPE "shops"."platform_staff_role" AS ENUM('SUPER_ADMIN', 'OPERATOR', 'CS_AGENT', 'FINANCE', 'AUDITOR');--> statement-breakpoint
CREATE TYPE "shops"."platform_staff_status" AS ENUM('ACTIVE', 'SUSPENDED');--> statement-breakpoint
CREATE TABLE "shops"."audit_entries" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"staff_id" varchar(40) NOT NULL,
	"staff_kind" varchar(10) NOT NULL,
	"staff_role" varchar(30),
	"token_role" varchar(10) NOT NULL,
	"subject" varchar(200) NOT NULL,
	"shop_id" varchar(40),
	"center" varchar(40) NOT NULL,
	"operation" varchar(100) NOT NULL,
	"input" jsonb NOT NULL,
	"result" varchar(10) NOT NULL,
	"codes" jsonb NOT NULL,
	"request_id" varchar(100) NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"recorded_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shops"."platform_staff" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"name" varchar(100) NOT NULL,
	"email" varchar(200) NOT NULL,
	"role" "shops"."platform_staff_role" NOT NULL,
	"status" "shops"."platform_staff_status" DEFAULT 'ACTIVE' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shops"."processed_events" (
	"event_id" varchar(40) NOT NULL,
	"handler" varchar(100) NOT NULL,
	"processed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_event_id_handler_pk" PRIMARY KEY("event_id","handler")
);
--> statement-breakpoint
ALTER TABLE "shops"."shop_staff" ALTER COLUMN "role" SET DATA TYPE text;--> statement-breakpoint
-- Existing rows move to the new roles: a MANAGER ran the shop's operations, a STAFF member served customers.
UPDATE "shops"."shop_staff" SET "role" = CASE "role" WHEN 'MANAGER' THEN 'OPERATIONS' WHEN 'STAFF' THEN 'CUSTOMER_SERVICE' ELSE "role" END;--> statement-breakpoint
DROP TYPE "shops"."staff_role";--> statement-breakpoint
CREATE TYPE "shops"."staff_role" AS ENUM('OWNER', 'OPERATIONS', 'CUSTOMER_SERVICE', 'WAREHOUSE', 'FINANCE');--> statement-breakpoint
ALTER TABLE "shops"."shop_staff" ALTER COLUMN "role" SET DATA TYPE "shops"."staff_role" USING "role"::"shops"."staff_role";--> statement-breakpoint
CREATE INDEX "audit_entries_at_idx" ON "shops"."audit_entries" USING btree ("at","id");--> statement-breakpoint
CREATE INDEX "audit_entries_shop_idx" ON "shops"."audit_entries" USING btree ("shop_id","at","id");--> statement-breakpoint
CREATE INDEX "audit_entries_staff_idx" ON "shops"."audit_entries" USING btree ("staff_id","at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "platform_staff_email_key" ON "shops"."platform_staff" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "platform_staff_created_idx" ON "shops"."platform_staff" USING btree ("created_at","id");--> statement-breakpoint
-- The audit log is append-only for everyone, the application's own connection included.
CREATE FUNCTION "shops"."audit_entries_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'shops.audit_entries is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;--> statement-breakpoint
CREATE TRIGGER "audit_entries_no_update_delete" BEFORE UPDATE OR DELETE ON "shops"."audit_entries" FOR EACH ROW EXECUTE FUNCTION "shops"."audit_entries_append_only"();--> statement-breakpoint
CREATE TRIGGER "audit_entries_no_truncate" BEFORE TRUNCATE ON "shops"."audit_entries" FOR EACH STATEMENT EXECUTE FUNCTION "shops"."audit_entries_append_only"();