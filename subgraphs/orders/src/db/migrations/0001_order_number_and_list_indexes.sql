CREATE SEQUENCE "orders"."order_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
ALTER TABLE "orders"."orders" ADD COLUMN "order_number" varchar(20) DEFAULT to_char(now() at time zone 'Asia/Shanghai', 'YYMMDD') || lpad(nextval('orders.order_number_seq')::text, 10, '0') NOT NULL;--> statement-breakpoint
CREATE INDEX "order_lines_sku_idx" ON "orders"."order_lines" USING btree ("sku_id","order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_order_number_key" ON "orders"."orders" USING btree ("order_number");--> statement-breakpoint
CREATE INDEX "orders_type_created_idx" ON "orders"."orders" USING btree ("type","created_at","id");--> statement-breakpoint
CREATE INDEX "orders_paid_idx" ON "orders"."orders" USING btree ("paid_at","id") WHERE "orders"."orders"."paid_at" is not null;--> statement-breakpoint
CREATE INDEX "orders_status_paid_idx" ON "orders"."orders" USING btree ("status","paid_at","id") WHERE "orders"."orders"."paid_at" is not null;--> statement-breakpoint
CREATE INDEX "orders_shop_paid_idx" ON "orders"."orders" USING btree ("shop_id","paid_at","id") WHERE "orders"."orders"."paid_at" is not null;--> statement-breakpoint
CREATE INDEX "orders_payable_idx" ON "orders"."orders" USING btree ("payable_amount","id");--> statement-breakpoint
CREATE INDEX "orders_shop_payable_idx" ON "orders"."orders" USING btree ("shop_id","payable_amount","id");