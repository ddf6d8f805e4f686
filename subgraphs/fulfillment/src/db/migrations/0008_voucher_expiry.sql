ALTER TYPE "fulfillment"."voucher_status" ADD VALUE 'EXPIRED';--> statement-breakpoint
ALTER TABLE "fulfillment"."service_vouchers" ADD COLUMN "expires_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "fulfillment"."service_vouchers" ADD COLUMN "expired_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "fulfillment"."service_vouchers" ADD COLUMN "refund_rule" varchar(30) DEFAULT 'REFUNDABLE_ANYTIME' NOT NULL;--> statement-breakpoint
ALTER TABLE "fulfillment"."service_vouchers" ADD COLUMN "auto_refund_on_expiry" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "fulfillment"."service_vouchers" ADD COLUMN "service_date" varchar(10);--> statement-breakpoint
ALTER TABLE "fulfillment"."service_vouchers" ADD COLUMN "voided_for" varchar(100);--> statement-breakpoint
CREATE INDEX "service_vouchers_expiry_idx" ON "fulfillment"."service_vouchers" USING btree ("expires_at") WHERE "fulfillment"."service_vouchers"."status" = 'ISSUED' and "fulfillment"."service_vouchers"."expires_at" is not null;