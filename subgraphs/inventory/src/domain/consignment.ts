import { asc, eq, inArray } from 'drizzle-orm';
import {
  can,
  isId,
  newId,
  parseUnitPrice,
  Problems,
  procurementService,
  rowsByParent,
  type Db,
  type MoneyInput,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import { consignmentLots, type ConsignmentLotRow } from '../db/consignmentTables.ts';
import { inboundReceiptLines, type InboundReceiptRow } from '../db/wmsTables.ts';
import type { StockLevelRow } from '../db/tables.ts';
import { CONSIGNMENT_LOT_ID_PREFIX, SUPPLIER_ID_PREFIX } from './ids.ts';
import { createInboundReceipt, MAX_DOCUMENT_LINES } from './inbound.ts';
import { levelKey } from './stockLevels.ts';
import { stockLevelTenancy } from './tenancy.ts';

export interface CreateConsignmentReceiptInput {
  warehouseId: string;
  consignorId: string;
  sourceReference?: string | null;
  lines: { skuId: string; expectedQuantity: number; agreedUnitPrice: MoneyInput }[];
}

/**
 * 代销入库: a consignor's goods expected at our warehouse, each line at the price the shop agreed
 * to pay the consignor per unit sold. The consignor is one of the SKUs' shop's ACTIVE suppliers
 * (asked of procurement). Received and put away like any receipt; put-away makes the lots.
 */
export async function createConsignmentReceipt(ctx: RequestContext, input: CreateConsignmentReceiptInput): Promise<Result<InboundReceiptRow>> {
  const problems = new Problems();
  problems.check(input.lines.length <= MAX_DOCUMENT_LINES, ['input', 'lines'], 'TOO_MANY', `At most ${MAX_DOCUMENT_LINES} lines`);
  const prices = input.lines.map((line, i) => parseUnitPrice(line.agreedUnitPrice, problems, ['input', 'lines', String(i), 'agreedUnitPrice']));
  const consignor = isId(SUPPLIER_ID_PREFIX, input.consignorId)
    ? (await ctx.services.call(procurementService.supplierStanding, { id: input.consignorId })).supplierStanding
    : null;
  // Another shop's supplier looks like none: its stock is not the caller's to take in.
  if (!consignor || !can(ctx, stockLevelTenancy, { shopId: consignor.shopId }, 'write'))
    problems.add(['input', 'consignorId'], 'NOT_FOUND', 'No such supplier');
  else problems.check(consignor.status === 'ACTIVE', ['input', 'consignorId'], 'INVALID', 'The supplier is suspended');
  if (!consignor || problems.any) return problems.refuse();
  const agreed = prices.map((minor, i) => ({ minor: minor ?? 0n, currency: input.lines[i]?.agreedUnitPrice.currencyCode ?? 'CNY' }));
  return createInboundReceipt(ctx, {
    warehouseId: input.warehouseId,
    source: 'CONSIGNMENT',
    sourceReference: input.sourceReference ?? null,
    consignor: { id: consignor.id, shopId: consignor.shopId },
    lines: input.lines.map((line, i) => ({
      skuId: line.skuId,
      expectedQuantity: line.expectedQuantity,
      agreedUnitPrice: agreed[i] ?? null,
    })),
  });
}

/**
 * Put-away of a CONSIGNMENT receipt: each line's GOOD units become a lot of the consignor's in
 * the stock level they were added to, in the put-away's transaction (once: put-away is).
 */
export async function openConsignmentLots(tx: Db, receipt: InboundReceiptRow, levels: Map<string, StockLevelRow>, putAway: Map<string, number>): Promise<void> {
  if (receipt.source !== 'CONSIGNMENT' || !receipt.consignorId) return;
  const consignorId = receipt.consignorId;
  const lines = await tx.select().from(inboundReceiptLines).where(eq(inboundReceiptLines.receiptId, receipt.id)).orderBy(asc(inboundReceiptLines.skuId));
  const lots = lines.flatMap((line) => {
    const units = putAway.get(line.id) ?? 0;
    const level = levels.get(levelKey(line.skuId, receipt.warehouseId));
    if (units <= 0 || !level || line.agreedUnitPrice === null || !line.currency) return [];
    return [
      {
        id: newId(CONSIGNMENT_LOT_ID_PREFIX),
        stockLevelId: level.id,
        skuId: line.skuId,
        warehouseId: receipt.warehouseId,
        shopId: level.shopId,
        consignorId,
        receiptLineId: line.id,
        unitPrice: line.agreedUnitPrice,
        currency: line.currency,
        received: units,
        onHand: units,
      },
    ];
  });
  if (lots.length) await tx.insert(consignmentLots).values(lots).onConflictDoNothing({ target: consignmentLots.receiptLineId });
}

/** A stock level's consigned lots, oldest first (batched for a page of levels). */
export function lotsOfStockLevel(ctx: RequestContext, stockLevelId: string): Promise<ConsignmentLotRow[]> {
  return rowsByParent(
    ctx,
    'inventory.consignmentLots',
    consignmentLots,
    { parent: consignmentLots.stockLevelId, orderBy: [asc(consignmentLots.createdAt), asc(consignmentLots.id)] },
    stockLevelId,
  );
}

/** One consignor's unsold units in a stock level, summed over its lots (a price per lot). */
export interface ConsignedStockRow {
  consignorId: string;
  onHand: number;
  received: number;
  lots: ConsignmentLotRow[];
}

/**
 * The stock report's split: units on hand that are still the consignors' (not sold), by
 * consignor; the rest of on hand is the shop's own (units sold and not shipped yet included: a
 * sale makes them the shop's to deliver).
 */
export async function consignedStockOf(ctx: RequestContext, level: StockLevelRow): Promise<ConsignedStockRow[]> {
  const byConsignor = new Map<string, ConsignedStockRow>();
  for (const lot of await lotsOfStockLevel(ctx, level.id)) {
    const entry = byConsignor.get(lot.consignorId) ?? { consignorId: lot.consignorId, onHand: 0, received: 0, lots: [] };
    entry.onHand += lot.onHand;
    entry.received += lot.received;
    entry.lots.push(lot);
    byConsignor.set(lot.consignorId, entry);
  }
  return [...byConsignor.values()];
}

export async function consignedOnHand(ctx: RequestContext, level: StockLevelRow): Promise<number> {
  return (await lotsOfStockLevel(ctx, level.id)).reduce((sum, lot) => sum + lot.onHand, 0);
}

/** Lots with unsold units in these stock levels, oldest first, locked for the caller's transaction. */
export async function lockOpenLots(tx: Db, stockLevelIds: string[]): Promise<ConsignmentLotRow[]> {
  if (!stockLevelIds.length) return [];
  return tx
    .select()
    .from(consignmentLots)
    .where(inArray(consignmentLots.stockLevelId, stockLevelIds))
    .orderBy(asc(consignmentLots.stockLevelId), asc(consignmentLots.createdAt), asc(consignmentLots.id))
    .for('update');
}
