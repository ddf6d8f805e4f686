ALTER TYPE "members"."points_kind" ADD VALUE 'REVOKE';--> statement-breakpoint
CREATE TABLE "members"."points_shortfalls" (
	"key" varchar(100) PRIMARY KEY NOT NULL,
	"member_id" varchar(40) NOT NULL,
	"order_id" varchar(40) NOT NULL,
	"points" integer NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "members"."points_shortfalls" ADD CONSTRAINT "points_shortfalls_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "members"."members"("id") ON DELETE no action ON UPDATE no action;