import { asc, eq, inArray, sql } from 'drizzle-orm';
import { ok, Problems, requiredText, type Db, type RequestContext, type Result } from '@zhongtai/kit';
import { stockLevels } from '../db/tables.ts';
import { inboundReceiptLines, type InboundReceiptRow } from '../db/wmsTables.ts';
import { createInboundReceipt, receiptForSource } from './inbound.ts';

export interface OpenPurchaseReceiptInput {
  /** The purchase order's delivery key ("<purchase order id>/<n>"): the receipt's source reference. */
  key: string;
  warehouseId: string;
  lines: { skuId: string; expectedQuantity: number; acceptUpTo?: number | null }[];
}

/**
 * 采购入库: the receipt a supplier's delivery is received on. Once per key: a retried call
 * returns the same receipt. Each line may accept up to `acceptUpTo` (the purchase order's
 * over-receipt tolerance); receiving more is refused.
 */
export async function openPurchaseReceipt(ctx: RequestContext, input: OpenPurchaseReceiptInput): Promise<Result<InboundReceiptRow>> {
  const problems = new Problems();
  const key = requiredText(problems, input.key, ['input', 'key'], 'Key', 100);
  if (!key) return problems.refuse();
  const existing = await receiptForSource(ctx.db, 'PURCHASE_ORDER', key);
  if (existing) return ok(existing);
  return createInboundReceipt(ctx, { warehouseId: input.warehouseId, source: 'PURCHASE_ORDER', sourceReference: key, lines: input.lines });
}

/** Units on hand of each SKU over all warehouses (the basis of a moving-average cost), in `tx`. */
export async function onHandOfSkus(tx: Db, skuIds: string[]): Promise<Map<string, number>> {
  if (!skuIds.length) return new Map();
  const rows = await tx
    .select({ skuId: stockLevels.skuId, onHand: sql<number>`coalesce(sum(${stockLevels.onHand}), 0)::int` })
    .from(stockLevels)
    .where(inArray(stockLevels.skuId, skuIds))
    .groupBy(stockLevels.skuId);
  return new Map(rows.map((r) => [r.skuId, Number(r.onHand)]));
}

/**
 * A purchase delivery is put away: procurement hears what came, good and damaged, and how much
 * of each SKU was on hand before (for its cost price), in the put-away's transaction.
 */
export async function announcePurchaseReceived(ctx: RequestContext, tx: Db, row: InboundReceiptRow, onHandBefore: Map<string, number>): Promise<void> {
  const lines = await tx.select().from(inboundReceiptLines).where(eq(inboundReceiptLines.receiptId, row.id)).orderBy(asc(inboundReceiptLines.skuId));
  await ctx.events.publish(tx, 'PurchaseReceived', {
    receiptId: row.id,
    reference: row.sourceReference ?? '',
    warehouseId: row.warehouseId,
    receivedAt: ctx.now().toISOString(),
    lines: lines.map((l) => ({ skuId: l.skuId, good: l.receivedGood, damaged: l.receivedDamaged, onHandBefore: onHandBefore.get(l.skuId) ?? 0 })),
  });
}
