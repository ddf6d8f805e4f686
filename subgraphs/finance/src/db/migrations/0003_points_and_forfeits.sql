ALTER TYPE "finance"."account_code" ADD VALUE 'POINTS_REDEEMED';--> statement-breakpoint
ALTER TYPE "finance"."account_code" ADD VALUE 'POINTS_EXPENSE';--> statement-breakpoint
ALTER TYPE "finance"."entry_kind" ADD VALUE 'POINTS';--> statement-breakpoint
ALTER TYPE "finance"."entry_kind" ADD VALUE 'DEPOSIT_FORFEITED';