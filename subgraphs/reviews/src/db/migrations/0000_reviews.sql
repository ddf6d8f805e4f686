CREATE SCHEMA "reviews";
--> statement-breakpoint
CREATE TYPE "reviews"."case_part" AS ENUM('REVIEW', 'FOLLOW_UP', 'REPLY');--> statement-breakpoint
CREATE TYPE "reviews"."case_reason" AS ENUM('SENSITIVE_WORDS', 'IMAGE', 'REPORT');--> statement-breakpoint
CREATE TYPE "reviews"."case_status" AS ENUM('OPEN', 'APPROVED', 'REJECTED');--> statement-breakpoint
CREATE TYPE "reviews"."review_status" AS ENUM('PENDING_MODERATION', 'PUBLISHED', 'REJECTED', 'HIDDEN');--> statement-breakpoint
CREATE TYPE "reviews"."word_class" AS ENUM('BLOCK', 'REVIEW', 'MASK');--> statement-breakpoint
CREATE TABLE "reviews"."banned_images" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"hash" varchar(128) NOT NULL,
	"note" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reviews"."filter_version" (
	"id" smallint PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reviews"."helpful_votes" (
	"review_id" varchar(40) NOT NULL,
	"member_id" varchar(40) NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "helpful_votes_review_id_member_id_pk" PRIMARY KEY("review_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "reviews"."moderation_cases" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"review_id" varchar(40) NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"part" "reviews"."case_part" NOT NULL,
	"reason" "reviews"."case_reason" NOT NULL,
	"status" "reviews"."case_status" DEFAULT 'OPEN' NOT NULL,
	"findings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"decided_by" varchar(100),
	"note" text,
	"decided_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reviews"."outbox" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"kind" varchar(10) NOT NULL,
	"topic" varchar(100) NOT NULL,
	"payload" jsonb NOT NULL,
	"start_after" timestamp (3) with time zone,
	"singleton_key" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "reviews"."rating_totals" (
	"subject" varchar(40) PRIMARY KEY NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"sum" integer DEFAULT 0 NOT NULL,
	"stars" jsonb DEFAULT '[0,0,0,0,0]'::jsonb NOT NULL,
	"score_count" integer DEFAULT 0 NOT NULL,
	"description_sum" integer DEFAULT 0 NOT NULL,
	"service_sum" integer DEFAULT 0 NOT NULL,
	"logistics_sum" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reviews"."review_reports" (
	"review_id" varchar(40) NOT NULL,
	"member_id" varchar(40) NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_reports_review_id_member_id_pk" PRIMARY KEY("review_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "reviews"."reviews" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"order_id" varchar(40) NOT NULL,
	"order_line_id" varchar(40) NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"member_id" varchar(40) NOT NULL,
	"spu_id" varchar(40) NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"rating" smallint NOT NULL,
	"text" text NOT NULL,
	"image_urls" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"has_images" boolean DEFAULT false NOT NULL,
	"anonymous" boolean DEFAULT true NOT NULL,
	"status" "reviews"."review_status" NOT NULL,
	"status_reason" text,
	"helpful_count" integer DEFAULT 0 NOT NULL,
	"published_at" timestamp (3) with time zone,
	"follow_up_text" text,
	"follow_up_image_urls" jsonb,
	"follow_up_status" "reviews"."review_status",
	"follow_up_at" timestamp (3) with time zone,
	"reply_text" text,
	"reply_status" "reviews"."review_status",
	"replied_at" timestamp (3) with time zone,
	"order_done_at" timestamp (3) with time zone NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reviews_rating_range" CHECK ("reviews"."reviews"."rating" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "reviews"."sensitive_words" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"word" varchar(100) NOT NULL,
	"folded" varchar(100) NOT NULL,
	"word_class" "reviews"."word_class" NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reviews"."shop_scores" (
	"order_id" varchar(40) PRIMARY KEY NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"member_id" varchar(40) NOT NULL,
	"description" smallint NOT NULL,
	"service" smallint NOT NULL,
	"logistics" smallint NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shop_scores_range" CHECK ("reviews"."shop_scores"."description" between 1 and 5 and "reviews"."shop_scores"."service" between 1 and 5 and "reviews"."shop_scores"."logistics" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "reviews"."helpful_votes" ADD CONSTRAINT "helpful_votes_review_id_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "reviews"."reviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews"."moderation_cases" ADD CONSTRAINT "moderation_cases_review_id_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "reviews"."reviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews"."review_reports" ADD CONSTRAINT "review_reports_review_id_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "reviews"."reviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "banned_images_hash_key" ON "reviews"."banned_images" USING btree ("hash");--> statement-breakpoint
CREATE INDEX "banned_images_created_idx" ON "reviews"."banned_images" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "moderation_cases_open_key" ON "reviews"."moderation_cases" USING btree ("review_id","part","reason") WHERE "reviews"."moderation_cases"."status" = 'OPEN';--> statement-breakpoint
CREATE INDEX "moderation_cases_status_idx" ON "reviews"."moderation_cases" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "moderation_cases_review_idx" ON "reviews"."moderation_cases" USING btree ("review_id");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "reviews"."outbox" USING btree ("id") WHERE published_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "reviews_line_key" ON "reviews"."reviews" USING btree ("order_line_id");--> statement-breakpoint
CREATE INDEX "reviews_spu_published_idx" ON "reviews"."reviews" USING btree ("spu_id","status","published_at","id");--> statement-breakpoint
CREATE INDEX "reviews_spu_helpful_idx" ON "reviews"."reviews" USING btree ("spu_id","status","helpful_count","id");--> statement-breakpoint
CREATE INDEX "reviews_shop_idx" ON "reviews"."reviews" USING btree ("shop_id","created_at","id");--> statement-breakpoint
CREATE INDEX "reviews_member_idx" ON "reviews"."reviews" USING btree ("member_id","created_at","id");--> statement-breakpoint
CREATE INDEX "reviews_status_idx" ON "reviews"."reviews" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "reviews_created_idx" ON "reviews"."reviews" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "sensitive_words_folded_key" ON "reviews"."sensitive_words" USING btree ("folded");--> statement-breakpoint
CREATE INDEX "sensitive_words_created_idx" ON "reviews"."sensitive_words" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "shop_scores_shop_idx" ON "reviews"."shop_scores" USING btree ("shop_id");