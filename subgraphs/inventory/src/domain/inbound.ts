import { and, asc, eq, type SQL } from 'drizzle-orm';
import {
  newId,
  ok,
  optionalText,
  Problems,
  type ConnectionArgs,
  type Db,
  type RequestContext,
  type Result,
  type CurrencyCode,
  listTable,
  rowById,
  assertCan,
  loadScoped,
  scopedWhere,
  rowsByParent,
} from '@zhongtai/kit';
import { inboundReceiptTenancy, warehouseTenancy } from './tenancy.ts';
import { inboundReceiptLines, inboundReceipts, type InboundReceiptLineRow, type InboundReceiptRow, type InboundSource } from '../db/wmsTables.ts';
import { INBOUND_LINE_ID_PREFIX, INBOUND_RECEIPT_ID_PREFIX } from './ids.ts';
import { checkQuantity, checkWarehouseHolds, quoteLines } from './skuQuotes.ts';
import { loadWarehouse } from './warehouses.ts';

export const MAX_DOCUMENT_LINES = 200;

export interface CreateInboundReceiptInput {
  warehouseId: string;
  source: InboundSource;
  sourceReference?: string | null;
  allowOverReceipt?: boolean | null;
  lines: { skuId: string; expectedQuantity: number; acceptUpTo?: number | null; agreedUnitPrice?: { minor: bigint; currency: CurrencyCode } | null }[];
  /** 代销: the consignor owning the units; every SKU must be of the consignor's shop. */
  consignor?: { id: string; shopId: string } | null;
  /** A RETURN receipt's order. */
  orderId?: string | null;
}

/** The receipt already opened for a source document (one per source and reference), if any. */
export async function receiptForSource(db: Db, source: InboundSource, reference: string): Promise<InboundReceiptRow | null> {
  const [row] = await db
    .select()
    .from(inboundReceipts)
    .where(and(eq(inboundReceipts.source, source), eq(inboundReceipts.sourceReference, reference)));
  return row ?? null;
}

/** Expected goods for a warehouse: from a purchase order, a customer return, a transfer, or by hand. */
export async function createInboundReceipt(ctx: RequestContext, input: CreateInboundReceiptInput): Promise<Result<InboundReceiptRow>> {
  const problems = new Problems();
  const reference = optionalText(problems, input.sourceReference, ['input', 'sourceReference'], 'Source reference', 100);
  problems.check(
    (input.source === 'CONSIGNMENT') === Boolean(input.consignor),
    ['input', 'source'],
    'INVALID',
    'Consigned goods arrive on a consignment receipt (createConsignmentReceipt), which names their consignor',
  );
  const warehouse = await loadWarehouse(ctx, input.warehouseId);
  if (!warehouse) problems.add(['input', 'warehouseId'], 'NOT_FOUND', 'No such warehouse');
  else assertCan(ctx, warehouseTenancy, warehouse, 'write');
  if (problems.check(input.lines.length > 0, ['input', 'lines'], 'REQUIRED', 'A receipt expects at least one line')) {
    problems.check(input.lines.length <= MAX_DOCUMENT_LINES, ['input', 'lines'], 'TOO_MANY', `At most ${MAX_DOCUMENT_LINES} lines`);
  }
  const seen = new Set<string>();
  input.lines.forEach((line, i) => {
    checkQuantity(problems, line.expectedQuantity, ['input', 'lines', String(i), 'expectedQuantity']);
    if (line.acceptUpTo != null)
      problems.check(
        line.acceptUpTo >= line.expectedQuantity,
        ['input', 'lines', String(i), 'acceptUpTo'],
        'OUT_OF_RANGE',
        'Accept at least the expected quantity',
      );
    problems.check(!seen.has(line.skuId), ['input', 'lines', String(i), 'skuId'], 'DUPLICATE', 'Each SKU once per receipt');
    seen.add(line.skuId);
  });
  const quotes = await quoteLines(ctx, input.lines, problems, (i) => ['input', 'lines', String(i), 'skuId']);
  if (warehouse)
    input.lines.forEach((line, i) => {
      const quote = quotes.get(line.skuId);
      if (quote) checkWarehouseHolds(problems, warehouse, quote, ['input', 'lines', String(i), 'skuId']);
    });
  const consignor = input.consignor;
  if (consignor)
    input.lines.forEach((line, i) => {
      const quote = quotes.get(line.skuId);
      if (quote)
        problems.check(quote.shopId === consignor.shopId, ['input', 'lines', String(i), 'skuId'], 'INVALID', "A consignor consigns only its own shop's SKUs");
    });
  if (!warehouse || problems.any) return problems.refuse();
  return ctx.db.transaction(async (tx) => {
    const [receipt] = await tx
      .insert(inboundReceipts)
      .values({
        id: newId(INBOUND_RECEIPT_ID_PREFIX),
        warehouseId: warehouse.id,
        shopId: warehouse.shopId,
        source: input.source,
        sourceReference: reference,
        allowOverReceipt: input.allowOverReceipt ?? false,
        consignorId: consignor?.id ?? null,
        orderId: input.orderId ?? null,
      })
      .returning();
    await tx.insert(inboundReceiptLines).values(
      input.lines.map((line) => ({
        id: newId(INBOUND_LINE_ID_PREFIX),
        receiptId: receipt!.id,
        skuId: line.skuId,
        skuShopId: quotes.get(line.skuId)!.shopId,
        expectedQuantity: line.expectedQuantity,
        acceptUpTo: line.acceptUpTo ?? null,
        agreedUnitPrice: line.agreedUnitPrice?.minor ?? null,
        currency: line.agreedUnitPrice?.currency ?? null,
      })),
    );
    return ok(receipt!);
  });
}

export function loadInboundReceipt(ctx: RequestContext, id: string): Promise<InboundReceiptRow | null> {
  return rowById(ctx, 'inventory.inboundById', inboundReceipts, INBOUND_RECEIPT_ID_PREFIX, id);
}

export async function findInboundReceipt(ctx: RequestContext, id: string): Promise<InboundReceiptRow | null> {
  return loadScoped(ctx, inboundReceiptTenancy, loadInboundReceipt(ctx, id), 'read');
}

export function inboundLinesOf(ctx: RequestContext, receiptId: string): Promise<InboundReceiptLineRow[]> {
  return rowsByParent(
    ctx,
    'inventory.inboundLines',
    inboundReceiptLines,
    { parent: inboundReceiptLines.receiptId, orderBy: [asc(inboundReceiptLines.id)] },
    receiptId,
  );
}

export interface WmsFilter {
  shopId?: string | null;
  warehouseId?: string | null;
  status?: string | null;
}

/** Scoped by the warehouse's owner: a merchant sees its own warehouses' documents only. */
export function listInboundReceipts(ctx: RequestContext, args: ConnectionArgs, filter: WmsFilter = {}) {
  const conditions: (SQL | undefined)[] = [scopedWhere(ctx, inboundReceiptTenancy, { shopId: filter.shopId })];
  if (filter.warehouseId) conditions.push(eq(inboundReceipts.warehouseId, filter.warehouseId));
  if (filter.status) conditions.push(eq(inboundReceipts.status, filter.status as InboundReceiptRow['status']));
  return listTable(ctx.db, inboundReceipts, args, { where: and(...conditions), sort: { column: inboundReceipts.createdAt, direction: 'DESC' } });
}
