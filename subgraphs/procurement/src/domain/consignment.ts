import { and, eq, gte, lt, sql } from 'drizzle-orm';
import {
  badUserInput,
  listTable,
  toMinor,
  toMoney,
  type ConnectionArgs,
  type CurrencyCode,
  type Db,
  type EventCatalog,
  type Money,
  type RequestContext,
} from '@zhongtai/kit';
import { consignmentStatementLines } from '../db/consignmentTables.ts';
import type { SupplierRow } from '../db/tables.ts';
import { loadSupplier } from './suppliers.ts';

/**
 * 代销对账 lives here, beside the supplier: the statement is what the shop shows its consignor (a
 * supplier of procurement's), so it is scoped exactly as the supplier is. Finance posts the same
 * events as a payable (CONSIGNOR_PAYABLE); this is the per-consignor record of units and prices.
 */

const minor = (amount: string, currencyCode: string) => toMinor({ amount, currencyCode: currencyCode as CurrencyCode });

/** inventory sold consigned units (the order was paid): the consignor is owed them. Once per sale. */
export async function recordConsignedSale(ctx: RequestContext, p: EventCatalog['ConsignedUnitsSold']): Promise<void> {
  await ctx.db
    .insert(consignmentStatementLines)
    .values({
      id: p.saleId,
      kind: 'SALE',
      supplierId: p.consignorId,
      shopId: p.shopId,
      orderId: p.orderId,
      skuId: p.skuId,
      quantity: p.quantity,
      unitPrice: minor(p.unitPrice, p.currencyCode),
      amount: minor(p.amount, p.currencyCode),
      currency: p.currencyCode as CurrencyCode,
      occurredAt: new Date(p.soldAt),
    })
    .onConflictDoNothing();
}

/** Units sold earlier came back to the consignor's stock: what was owed for them comes off. Once per return. */
export async function recordConsignedReturn(ctx: RequestContext, p: EventCatalog['ConsignedUnitsReturned']): Promise<void> {
  await ctx.db
    .insert(consignmentStatementLines)
    .values({
      id: p.returnId,
      kind: 'RETURN',
      supplierId: p.consignorId,
      shopId: p.shopId,
      orderId: p.orderId,
      skuId: p.skuId,
      saleId: p.saleId,
      quantity: -p.quantity,
      unitPrice: minor(p.unitPrice, p.currencyCode),
      amount: -minor(p.amount, p.currencyCode),
      currency: p.currencyCode as CurrencyCode,
      occurredAt: new Date(p.returnedAt),
    })
    .onConflictDoNothing();
}

export interface StatementArgs {
  from: Date;
  to: Date;
  currencyCode?: CurrencyCode | null;
}

export interface ConsignmentStatementRow {
  supplierId: string;
  from: Date;
  to: Date;
  currencyCode: CurrencyCode;
  unitsSold: number;
  unitsReturned: number;
  sold: Money;
  returned: Money;
  /** sold − returned: what the shop owes the consignor for the period. */
  owed: Money;
}

function periodOf(supplierId: string, args: StatementArgs) {
  if (!(args.from < args.to)) throw badUserInput('The period must end after it starts', ['to']);
  const l = consignmentStatementLines;
  return and(eq(l.supplierId, supplierId), eq(l.currency, args.currencyCode ?? 'CNY'), gte(l.occurredAt, args.from), lt(l.occurredAt, args.to));
}

/** The consignor's statement for [from, to): sales at payment time, returns when the units came back. */
export function consignmentStatement(ctx: RequestContext, supplier: SupplierRow, args: StatementArgs): Promise<ConsignmentStatementRow> {
  return statementIn(ctx.db, supplier.id, args);
}

/** The statement's sums, read in `db` (a payout reads them in its own transaction). */
export async function statementIn(db: Db, supplierId: string, args: StatementArgs): Promise<ConsignmentStatementRow> {
  const l = consignmentStatementLines;
  const currencyCode = args.currencyCode ?? 'CNY';
  const [sums] = await db
    .select({
      unitsSold: sql<string>`coalesce(sum(${l.quantity}) filter (where ${l.kind} = 'SALE'), 0)`,
      unitsReturned: sql<string>`coalesce(-sum(${l.quantity}) filter (where ${l.kind} = 'RETURN'), 0)`,
      sold: sql<string>`coalesce(sum(${l.amount}) filter (where ${l.kind} = 'SALE'), 0)`,
      returned: sql<string>`coalesce(-sum(${l.amount}) filter (where ${l.kind} = 'RETURN'), 0)`,
    })
    .from(l)
    .where(periodOf(supplierId, args));
  const sold = BigInt(sums?.sold ?? 0);
  const returned = BigInt(sums?.returned ?? 0);
  return {
    supplierId,
    from: args.from,
    to: args.to,
    currencyCode,
    unitsSold: Number(sums?.unitsSold ?? 0),
    unitsReturned: Number(sums?.unitsReturned ?? 0),
    sold: toMoney(sold, currencyCode),
    returned: toMoney(returned, currencyCode),
    owed: toMoney(sold - returned, currencyCode),
  };
}

/** The statement's lines, oldest first. */
export function consignmentStatementLinesOf(ctx: RequestContext, statement: ConsignmentStatementRow, args: ConnectionArgs) {
  return listTable(ctx.db, consignmentStatementLines, args, {
    where: periodOf(statement.supplierId, statement),
    sort: { column: consignmentStatementLines.occurredAt, direction: 'ASC' },
  });
}

/** SERVICE: a supplier as inventory checks a consignor (no tenancy: the caller checks the shop). */
export async function supplierStanding(ctx: RequestContext, id: string) {
  const row = await loadSupplier(ctx, id);
  return row ? { id: row.id, shopId: row.shopId, status: row.status } : null;
}
