ALTER TABLE "aftersales"."after_sale_requests" ADD COLUMN "replacement_sku_id" varchar(40);--> statement-breakpoint
ALTER TABLE "aftersales"."after_sale_requests" ADD COLUMN "replacement_notice_id" varchar(40);--> statement-breakpoint
ALTER TABLE "aftersales"."after_sale_requests" ADD COLUMN "replacement_shipment_id" varchar(40);