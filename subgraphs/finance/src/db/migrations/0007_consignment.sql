ALTER TYPE "finance"."account_code" ADD VALUE 'CONSIGNOR_PAYABLE';--> statement-breakpoint
ALTER TYPE "finance"."account_code" ADD VALUE 'CONSIGNMENT_COST';--> statement-breakpoint
ALTER TYPE "finance"."entry_kind" ADD VALUE 'CONSIGNMENT';