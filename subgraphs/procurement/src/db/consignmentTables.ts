import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, varchar } from 'drizzle-orm/pg-core';
import { idColumn, timestampColumn, type CurrencyCode } from '@zhongtai/kit';
import { procurementSchema } from './tables.ts';

/**
 * 代销对账: the consignor's statement lines, one per sale of its units (inventory's
 * ConsignedUnitsSold) and one per return of them (ConsignedUnitsReturned). The id is the sale's or
 * the return's own, so a redelivered event writes nothing. `amount` is signed: a sale adds what
 * the shop owes, a return takes it off.
 */
export const consignmentStatementLines = procurementSchema.table(
  'consignment_statement_lines',
  {
    id: idColumn().primaryKey(),
    kind: varchar('kind', { length: 10 }).$type<'SALE' | 'RETURN'>().notNull(),
    supplierId: idColumn('supplier_id').notNull(),
    shopId: idColumn('shop_id').notNull(),
    orderId: varchar('order_id', { length: 100 }).notNull(),
    skuId: idColumn('sku_id').notNull(),
    /** The sale a return reverses; null on a sale. */
    saleId: idColumn('sale_id'),
    /** Signed like the amount: units sold positive, units returned negative. */
    quantity: integer('quantity').notNull(),
    unitPrice: bigint('unit_price', { mode: 'bigint' }).notNull(),
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    currency: varchar('currency', { length: 3 }).$type<CurrencyCode>().notNull(),
    occurredAt: timestampColumn('occurred_at').notNull(),
  },
  (t) => [
    index('consignment_statement_lines_supplier_idx').on(t.supplierId, t.occurredAt, t.id),
    check('consignment_statement_lines_sign', sql`(${t.kind} = 'SALE' and ${t.quantity} > 0) or (${t.kind} = 'RETURN' and ${t.quantity} < 0)`),
    check('consignment_statement_lines_amount', sql`${t.amount} = ${t.quantity} * ${t.unitPrice}`),
  ],
);

export type ConsignmentStatementLineRow = typeof consignmentStatementLines.$inferSelect;
