-- The center is "fulfillment": the line column and its enum follow (was fulfilment / line_fulfilment).
ALTER TYPE "orders"."line_fulfilment" RENAME TO "line_fulfillment";--> statement-breakpoint
ALTER TABLE "orders"."order_lines" RENAME COLUMN "fulfilment" TO "fulfillment";
