ALTER TABLE "catalog"."skus" ADD COLUMN "cross_border_mode" varchar(16);--> statement-breakpoint
ALTER TABLE "catalog"."skus" ADD COLUMN "consumption_tax_rate_bps" integer;--> statement-breakpoint
ALTER TABLE "catalog"."skus" ADD CONSTRAINT "skus_cross_border_mode" CHECK ("catalog"."skus"."cross_border_mode" in ('BONDED', 'DIRECT_MAIL'));--> statement-breakpoint
ALTER TABLE "catalog"."skus" ADD CONSTRAINT "skus_consumption_tax_rate" CHECK ("catalog"."skus"."consumption_tax_rate_bps" between 0 and 10000);