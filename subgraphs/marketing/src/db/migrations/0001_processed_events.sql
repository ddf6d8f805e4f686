CREATE TABLE "marketing"."processed_events" (
	"event_id" varchar(40) NOT NULL,
	"handler" varchar(100) NOT NULL,
	"processed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_event_id_handler_pk" PRIMARY KEY("event_id","handler")
);
