ALTER TYPE "finance"."account_code" ADD VALUE 'FREIGHT';--> statement-breakpoint
ALTER TYPE "finance"."account_code" ADD VALUE 'COUPON_SUBSIDY_SHOP';