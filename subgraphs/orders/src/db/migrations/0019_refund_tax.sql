ALTER TABLE "orders"."order_refund_requests" ALTER COLUMN "idempotency_key" SET DATA TYPE varchar(120);--> statement-breakpoint
ALTER TABLE "orders"."order_lines" ADD COLUMN "tax_amount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders"."order_refund_requests" ADD COLUMN "tax" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders"."order_refund_requests" ADD COLUMN "payment_id" varchar(40);--> statement-breakpoint
-- Orders placed before lines kept their tax: each line's share of the order's, by its final amount.
UPDATE "orders"."order_lines" AS l SET "tax_amount" = o."tax_amount" * l."final_amount" / t."total"
FROM "orders"."orders" AS o,
  (SELECT "order_id", sum("final_amount") AS "total" FROM "orders"."order_lines" GROUP BY "order_id") AS t
WHERE l."order_id" = o."id" AND t."order_id" = l."order_id" AND o."tax_amount" > 0 AND t."total" > 0;
