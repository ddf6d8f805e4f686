ALTER TABLE "aftersales"."after_sale_requests" ADD COLUMN "return_receipt_id" varchar(40);--> statement-breakpoint
ALTER TABLE "aftersales"."after_sale_requests" ADD COLUMN "received_sellable" integer;--> statement-breakpoint
ALTER TABLE "aftersales"."after_sale_requests" ADD COLUMN "received_damaged" integer;