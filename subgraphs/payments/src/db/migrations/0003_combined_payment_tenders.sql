ALTER TABLE "payments"."payments" ADD COLUMN "points_used" integer;--> statement-breakpoint
ALTER TABLE "payments"."payments" ADD COLUMN "points_amount" bigint;--> statement-breakpoint
ALTER TABLE "payments"."payments" ADD COLUMN "points_goods_amount" bigint;--> statement-breakpoint
ALTER TABLE "payments"."refunds" ADD COLUMN "points" integer;--> statement-breakpoint
ALTER TABLE "payments"."refunds" ADD COLUMN "points_amount" bigint;--> statement-breakpoint
ALTER TABLE "payments"."payments" ADD CONSTRAINT "payments_points_tender" CHECK (("payments"."payments"."points_used" is null) = ("payments"."payments"."points_amount" is null) and "payments"."payments"."points_used" >= 0 and "payments"."payments"."points_amount" >= 0);