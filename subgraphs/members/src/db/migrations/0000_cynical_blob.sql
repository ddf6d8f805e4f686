CREATE SCHEMA "members";
--> statement-breakpoint
CREATE TYPE "members"."member_status" AS ENUM('ACTIVE', 'FROZEN');--> statement-breakpoint
CREATE TYPE "members"."points_kind" AS ENUM('EARN', 'SPEND', 'EXPIRE', 'ADJUST', 'REFUND');--> statement-breakpoint
CREATE TABLE "members"."addresses" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"member_id" varchar(40) NOT NULL,
	"province" varchar(50) NOT NULL,
	"city" varchar(50) NOT NULL,
	"district" varchar(50) NOT NULL,
	"detail" varchar(200) NOT NULL,
	"receiver" varchar(50) NOT NULL,
	"phone" varchar(20) NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "members"."member_levels" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"name" varchar(50) NOT NULL,
	"growth_threshold" integer NOT NULL,
	"discount_percent" integer DEFAULT 0 NOT NULL,
	"free_shipping" boolean DEFAULT false NOT NULL,
	"points_multiplier_percent" integer DEFAULT 100 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_levels_threshold_not_negative" CHECK ("members"."member_levels"."growth_threshold" >= 0),
	CONSTRAINT "member_levels_discount_range" CHECK ("members"."member_levels"."discount_percent" between 0 and 50),
	CONSTRAINT "member_levels_multiplier_range" CHECK ("members"."member_levels"."points_multiplier_percent" between 100 and 1000)
);
--> statement-breakpoint
CREATE TABLE "members"."members" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"name" varchar(100) NOT NULL,
	"phone" varchar(20) NOT NULL,
	"status" "members"."member_status" DEFAULT 'ACTIVE' NOT NULL,
	"registered_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"growth" integer DEFAULT 0 NOT NULL,
	"points_balance" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "members_points_not_negative" CHECK ("members"."members"."points_balance" >= 0),
	CONSTRAINT "members_growth_not_negative" CHECK ("members"."members"."growth" >= 0)
);
--> statement-breakpoint
CREATE TABLE "members"."points_entries" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"member_id" varchar(40) NOT NULL,
	"kind" "members"."points_kind" NOT NULL,
	"points" integer NOT NULL,
	"remaining" integer,
	"expires_at" timestamp (3) with time zone,
	"order_id" varchar(40),
	"reason" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "members"."points_entries_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	CONSTRAINT "points_entries_not_zero" CHECK ("members"."points_entries"."points" <> 0),
	CONSTRAINT "points_entries_remaining_range" CHECK ("members"."points_entries"."remaining" is null or ("members"."points_entries"."remaining" >= 0 and "members"."points_entries"."remaining" <= "members"."points_entries"."points"))
);
--> statement-breakpoint
CREATE TABLE "members"."points_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"points_per_currency_unit" integer DEFAULT 100 NOT NULL,
	"max_deduction_percent" integer DEFAULT 50 NOT NULL,
	"validity_days" integer DEFAULT 365 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_settings_single_row" CHECK ("members"."points_settings"."id" = 1),
	CONSTRAINT "points_settings_rate_positive" CHECK ("members"."points_settings"."points_per_currency_unit" > 0),
	CONSTRAINT "points_settings_max_range" CHECK ("members"."points_settings"."max_deduction_percent" between 0 and 100),
	CONSTRAINT "points_settings_validity_positive" CHECK ("members"."points_settings"."validity_days" > 0)
);
--> statement-breakpoint
ALTER TABLE "members"."addresses" ADD CONSTRAINT "addresses_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "members"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members"."points_entries" ADD CONSTRAINT "points_entries_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "members"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "addresses_member_idx" ON "members"."addresses" USING btree ("member_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "addresses_one_default_key" ON "members"."addresses" USING btree ("member_id") WHERE "members"."addresses"."is_default";--> statement-breakpoint
CREATE UNIQUE INDEX "member_levels_threshold_key" ON "members"."member_levels" USING btree ("growth_threshold");--> statement-breakpoint
CREATE UNIQUE INDEX "member_levels_name_key" ON "members"."member_levels" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "members_phone_key" ON "members"."members" USING btree ("phone");--> statement-breakpoint
CREATE INDEX "members_registered_idx" ON "members"."members" USING btree ("registered_at","id");--> statement-breakpoint
CREATE INDEX "members_name_idx" ON "members"."members" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "members_growth_idx" ON "members"."members" USING btree ("growth","id");--> statement-breakpoint
CREATE UNIQUE INDEX "points_entries_order_kind_key" ON "members"."points_entries" USING btree ("order_id","kind");--> statement-breakpoint
CREATE INDEX "points_entries_member_idx" ON "members"."points_entries" USING btree ("member_id","seq");--> statement-breakpoint
CREATE INDEX "points_entries_lots_idx" ON "members"."points_entries" USING btree ("member_id","expires_at") WHERE "members"."points_entries"."remaining" > 0;--> statement-breakpoint
CREATE INDEX "points_entries_due_idx" ON "members"."points_entries" USING btree ("expires_at") WHERE "members"."points_entries"."remaining" > 0;