CREATE SCHEMA "content";
--> statement-breakpoint
CREATE TYPE "content"."channel" AS ENUM('APP', 'H5', 'MINI_PROGRAM', 'PC');--> statement-breakpoint
CREATE TYPE "content"."page_kind" AS ENUM('HOME', 'CATEGORY', 'CAMPAIGN');--> statement-breakpoint
CREATE TYPE "content"."proposal_status" AS ENUM('PENDING', 'APPROVED', 'REJECTED');--> statement-breakpoint
CREATE TYPE "content"."release_action" AS ENUM('PUBLISH', 'ROLLBACK');--> statement-breakpoint
CREATE TYPE "content"."version_status" AS ENUM('DRAFT', 'PUBLISHED');--> statement-breakpoint
CREATE TABLE "content"."banner_proposals" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"campaign_id" varchar(40) NOT NULL,
	"channel" "content"."channel" NOT NULL,
	"title" varchar(60) NOT NULL,
	"image_url" varchar(500) NOT NULL,
	"starts_at" timestamp (3) with time zone NOT NULL,
	"ends_at" timestamp (3) with time zone NOT NULL,
	"status" "content"."proposal_status" DEFAULT 'PENDING' NOT NULL,
	"decision_reason" text,
	"decided_by" varchar(100),
	"decided_at" timestamp (3) with time zone,
	"page_id" varchar(40),
	"item_id" varchar(40),
	"proposed_by" varchar(100) NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "banner_proposals_window" CHECK ("content"."banner_proposals"."ends_at" > "content"."banner_proposals"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "content"."content_pages" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"kind" "content"."page_kind" NOT NULL,
	"channel" "content"."channel" NOT NULL,
	"name" varchar(100) NOT NULL,
	"category_id" varchar(40),
	"campaign_id" varchar(40),
	"live_version_id" varchar(40),
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "content_pages_target" CHECK (("content"."content_pages"."kind" = 'CATEGORY') = ("content"."content_pages"."category_id" is not null) and ("content"."content_pages"."kind" = 'CAMPAIGN') = ("content"."content_pages"."campaign_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "content"."outbox" (
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
CREATE TABLE "content"."page_releases" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"page_id" varchar(40) NOT NULL,
	"version_id" varchar(40) NOT NULL,
	"action" "content"."release_action" NOT NULL,
	"reason" text,
	"actor" varchar(100) NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "content"."page_versions" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"page_id" varchar(40) NOT NULL,
	"number" integer NOT NULL,
	"status" "content"."version_status" DEFAULT 'DRAFT' NOT NULL,
	"document" jsonb NOT NULL,
	"note" text,
	"created_by" varchar(100) NOT NULL,
	"published_at" timestamp (3) with time zone,
	"published_by" varchar(100),
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "content"."processed_events" (
	"event_id" varchar(40) NOT NULL,
	"handler" varchar(100) NOT NULL,
	"processed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_event_id_handler_pk" PRIMARY KEY("event_id","handler")
);
--> statement-breakpoint
ALTER TABLE "content"."banner_proposals" ADD CONSTRAINT "banner_proposals_page_id_content_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "content"."content_pages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content"."page_releases" ADD CONSTRAINT "page_releases_page_id_content_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "content"."content_pages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content"."page_releases" ADD CONSTRAINT "page_releases_version_id_page_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "content"."page_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content"."page_versions" ADD CONSTRAINT "page_versions_page_id_content_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "content"."content_pages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "banner_proposals_shop_idx" ON "content"."banner_proposals" USING btree ("shop_id","created_at","id");--> statement-breakpoint
CREATE INDEX "banner_proposals_status_idx" ON "content"."banner_proposals" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "banner_proposals_created_idx" ON "content"."banner_proposals" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "content_pages_home" ON "content"."content_pages" USING btree ("channel") WHERE "content"."content_pages"."kind" = 'HOME';--> statement-breakpoint
CREATE UNIQUE INDEX "content_pages_category" ON "content"."content_pages" USING btree ("channel","category_id") WHERE "content"."content_pages"."kind" = 'CATEGORY';--> statement-breakpoint
CREATE UNIQUE INDEX "content_pages_campaign" ON "content"."content_pages" USING btree ("channel","campaign_id") WHERE "content"."content_pages"."kind" = 'CAMPAIGN';--> statement-breakpoint
CREATE INDEX "content_pages_created_idx" ON "content"."content_pages" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "content"."outbox" USING btree ("id") WHERE published_at is null;--> statement-breakpoint
CREATE INDEX "page_releases_page_idx" ON "content"."page_releases" USING btree ("page_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "page_versions_number" ON "content"."page_versions" USING btree ("page_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "page_versions_one_draft" ON "content"."page_versions" USING btree ("page_id") WHERE "content"."page_versions"."status" = 'DRAFT';--> statement-breakpoint
CREATE INDEX "page_versions_page_idx" ON "content"."page_versions" USING btree ("page_id","created_at","id");