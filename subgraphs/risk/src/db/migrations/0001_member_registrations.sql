CREATE TABLE "risk"."member_registrations" (
	"member_id" varchar(40) PRIMARY KEY NOT NULL,
	"registered_at" timestamp (3) with time zone NOT NULL
);
