ALTER TYPE "finance"."account_code" ADD VALUE 'CUSTOMS_TAX_PAYABLE';--> statement-breakpoint
ALTER TABLE "finance"."shop_orders" ADD COLUMN "tax" bigint DEFAULT 0 NOT NULL;