CREATE TABLE "payments"."provider_exchanges" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"provider" varchar(30) NOT NULL,
	"operation" varchar(60) NOT NULL,
	"request_number" varchar(100) NOT NULL,
	"attempt" integer NOT NULL,
	"method" varchar(10) NOT NULL,
	"url" text NOT NULL,
	"request_headers" jsonb NOT NULL,
	"request_body" text NOT NULL,
	"status" integer,
	"response_body" text NOT NULL,
	"error" text,
	"duration_ms" integer NOT NULL,
	"sent_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "provider_exchanges_number_idx" ON "payments"."provider_exchanges" USING btree ("provider","request_number","sent_at");--> statement-breakpoint
CREATE INDEX "provider_exchanges_sent_idx" ON "payments"."provider_exchanges" USING btree ("sent_at");