CREATE TABLE "procurement"."consignment_statement_lines" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"kind" varchar(10) NOT NULL,
	"supplier_id" varchar(40) NOT NULL,
	"shop_id" varchar(40) NOT NULL,
	"order_id" varchar(100) NOT NULL,
	"sku_id" varchar(40) NOT NULL,
	"sale_id" varchar(40),
	"quantity" integer NOT NULL,
	"unit_price" bigint NOT NULL,
	"amount" bigint NOT NULL,
	"currency" varchar(3) NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "consignment_statement_lines_sign" CHECK (("procurement"."consignment_statement_lines"."kind" = 'SALE' and "procurement"."consignment_statement_lines"."quantity" > 0) or ("procurement"."consignment_statement_lines"."kind" = 'RETURN' and "procurement"."consignment_statement_lines"."quantity" < 0)),
	CONSTRAINT "consignment_statement_lines_amount" CHECK ("procurement"."consignment_statement_lines"."amount" = "procurement"."consignment_statement_lines"."quantity" * "procurement"."consignment_statement_lines"."unit_price")
);
--> statement-breakpoint
CREATE INDEX "consignment_statement_lines_supplier_idx" ON "procurement"."consignment_statement_lines" USING btree ("supplier_id","occurred_at","id");