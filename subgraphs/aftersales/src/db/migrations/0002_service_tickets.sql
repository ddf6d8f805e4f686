CREATE TYPE "aftersales"."ticket_author" AS ENUM('CUSTOMER', 'AGENT', 'MERCHANT', 'SYSTEM');--> statement-breakpoint
CREATE TYPE "aftersales"."ticket_category" AS ENUM('ORDER', 'AFTER_SALE', 'DELIVERY', 'PAYMENT', 'PRODUCT', 'ACCOUNT', 'OTHER');--> statement-breakpoint
CREATE TYPE "aftersales"."ticket_priority" AS ENUM('LOW', 'NORMAL', 'HIGH', 'URGENT');--> statement-breakpoint
CREATE TYPE "aftersales"."ticket_source" AS ENUM('CUSTOMER', 'MERCHANT', 'AGENT', 'SYSTEM');--> statement-breakpoint
CREATE TYPE "aftersales"."ticket_status" AS ENUM('OPEN', 'ASSIGNED', 'WAITING_CUSTOMER', 'RESOLVED', 'CLOSED');--> statement-breakpoint
CREATE TABLE "aftersales"."service_tickets" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"subject" varchar(200) NOT NULL,
	"category" "aftersales"."ticket_category" NOT NULL,
	"priority" "aftersales"."ticket_priority" NOT NULL,
	"status" "aftersales"."ticket_status" DEFAULT 'OPEN' NOT NULL,
	"source" "aftersales"."ticket_source" NOT NULL,
	"member_id" varchar(40),
	"shop_id" varchar(40),
	"order_id" varchar(40),
	"after_sale_request_id" varchar(40),
	"assignee_staff_id" varchar(40),
	"opened_by" varchar(100) NOT NULL,
	"source_key" varchar(200),
	"first_response_due_at" timestamp (3) with time zone NOT NULL,
	"first_responded_at" timestamp (3) with time zone,
	"resolution_due_at" timestamp (3) with time zone NOT NULL,
	"first_response_breached" boolean DEFAULT false NOT NULL,
	"resolution_breached" boolean DEFAULT false NOT NULL,
	"resolution" text,
	"resolved_at" timestamp (3) with time zone,
	"closed_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "aftersales"."support_agents" (
	"staff_id" varchar(40) PRIMARY KEY NOT NULL,
	"categories" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "aftersales"."ticket_messages" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"ticket_id" varchar(40) NOT NULL,
	"author" "aftersales"."ticket_author" NOT NULL,
	"author_id" varchar(100) NOT NULL,
	"body" text NOT NULL,
	"internal" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "aftersales"."ticket_messages_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1)
);
--> statement-breakpoint
CREATE TABLE "aftersales"."ticket_steps" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"ticket_id" varchar(40) NOT NULL,
	"from_status" "aftersales"."ticket_status",
	"to_status" "aftersales"."ticket_status" NOT NULL,
	"reason" text,
	"actor" varchar(100) NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "aftersales"."ticket_steps_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1)
);
--> statement-breakpoint
ALTER TABLE "aftersales"."ticket_messages" ADD CONSTRAINT "ticket_messages_ticket_id_service_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "aftersales"."service_tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aftersales"."ticket_steps" ADD CONSTRAINT "ticket_steps_ticket_id_service_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "aftersales"."service_tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "service_tickets_source_key" ON "aftersales"."service_tickets" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "service_tickets_status_idx" ON "aftersales"."service_tickets" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "service_tickets_assignee_idx" ON "aftersales"."service_tickets" USING btree ("assignee_staff_id","status","resolution_due_at","id");--> statement-breakpoint
CREATE INDEX "service_tickets_member_idx" ON "aftersales"."service_tickets" USING btree ("member_id","created_at","id");--> statement-breakpoint
CREATE INDEX "service_tickets_shop_idx" ON "aftersales"."service_tickets" USING btree ("shop_id","created_at","id");--> statement-breakpoint
CREATE INDEX "service_tickets_order_idx" ON "aftersales"."service_tickets" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "service_tickets_created_idx" ON "aftersales"."service_tickets" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "ticket_messages_ticket_idx" ON "aftersales"."ticket_messages" USING btree ("ticket_id","seq");--> statement-breakpoint
CREATE INDEX "ticket_steps_ticket_idx" ON "aftersales"."ticket_steps" USING btree ("ticket_id","seq");