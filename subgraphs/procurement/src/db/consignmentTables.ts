import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
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

/**
 * 代销结算: finance paid a consignor what its statement owed for a period, once per consignor,
 * currency and period (the unique key; periods of one consignor never overlap: consignorPayouts.ts).
 * Finance posts it (ConsignorPaid) against CONSIGNOR_PAYABLE.
 */
export const consignorPayouts = procurementSchema.table(
  'consignor_payouts',
  {
    id: idColumn().primaryKey(),
    supplierId: idColumn('supplier_id').notNull(),
    shopId: idColumn('shop_id').notNull(),
    periodFrom: timestampColumn('period_from').notNull(),
    periodTo: timestampColumn('period_to').notNull(),
    currency: varchar('currency', { length: 3 }).$type<CurrencyCode>().notNull(),
    /** The period's owed (sold − returned) when paid, minor units. */
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    unitsSold: integer('units_sold').notNull(),
    unitsReturned: integer('units_returned').notNull(),
    paidBy: varchar('paid_by', { length: 100 }).notNull(),
    paidAt: timestampColumn('paid_at').notNull(),
  },
  (t) => [
    uniqueIndex('consignor_payouts_period_key').on(t.supplierId, t.currency, t.periodFrom, t.periodTo),
    check('consignor_payouts_amount_positive', sql`${t.amount} > 0`),
    check('consignor_payouts_period', sql`${t.periodFrom} < ${t.periodTo}`),
  ],
);

export type ConsignmentStatementLineRow = typeof consignmentStatementLines.$inferSelect;
export type ConsignorPayoutRow = typeof consignorPayouts.$inferSelect;
