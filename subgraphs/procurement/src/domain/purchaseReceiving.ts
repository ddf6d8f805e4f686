import { and, eq, sql } from 'drizzle-orm';
import { catalogService, inventoryService, newId, Problems, toMoney, type CurrencyCode, type EventCatalog, type RequestContext } from '@zhongtai/kit';
import { purchaseDeliveries, purchaseOrderLines, purchaseOrders, type PurchaseOrderLineRow, type PurchaseOrderRow } from '../db/purchaseTables.ts';
import { DELIVERY_ID_PREFIX, PURCHASE_ORDER_ID_PREFIX } from './ids.ts';
import { cancelOpenReceipt, deliveryKey, receivableUpTo } from './purchaseOrderFlow.ts';
import { rerateSupplier } from './supplierRating.ts';

/** "<purchase order id>/<n>" -> the order id, or null for a receipt procurement did not open. */
export function purchaseOrderOfKey(reference: string): { poId: string; n: number } | null {
  const [, poId, n] = /^([a-z]+_[0-9A-Z]+)\/(\d+)$/.exec(reference) ?? [];
  if (!poId || !n || !poId.startsWith(`${PURCHASE_ORDER_ID_PREFIX}_`)) return null;
  return { poId, n: Number(n) };
}

export const SETTLE_DELIVERY_JOB = 'settlePurchaseDelivery';

/**
 * 采购收货 (in the event's transaction): inventory put away a delivery of a purchase order. Records
 * the delivery (once per receipt), adds its units to the lines and moves the order to
 * PARTIALLY_RECEIVED or RECEIVED; what involves other centers (the cost in catalog, the
 * backorder's receipt in inventory) and the supplier's rating follow in a job, after the commit.
 */
export async function recordPurchaseReceived(ctx: RequestContext, event: EventCatalog['PurchaseReceived']): Promise<void> {
  const ref = purchaseOrderOfKey(event.reference);
  if (!ref) return;
  const [po] = await ctx.db.select().from(purchaseOrders).where(eq(purchaseOrders.id, ref.poId)).for('update');
  if (!po) return;
  const receivedAt = new Date(event.receivedAt);
  const [delivery] = await ctx.db
    .insert(purchaseDeliveries)
    .values({
      id: newId(DELIVERY_ID_PREFIX),
      purchaseOrderId: po.id,
      supplierId: po.supplierId,
      shopId: po.shopId,
      receiptId: event.receiptId,
      good: event.lines.reduce((s, l) => s + l.good, 0),
      damaged: event.lines.reduce((s, l) => s + l.damaged, 0),
      onTime: !po.expectedBy || receivedAt <= po.expectedBy,
      receivedAt,
    })
    .onConflictDoNothing()
    .returning();
  if (!delivery) return; // this receipt was recorded already
  for (const l of event.lines) {
    await ctx.db
      .update(purchaseOrderLines)
      .set({
        receivedGood: sql`${purchaseOrderLines.receivedGood} + ${l.good}`,
        receivedDamaged: sql`${purchaseOrderLines.receivedDamaged} + ${l.damaged}`,
      })
      .where(and(eq(purchaseOrderLines.purchaseOrderId, po.id), eq(purchaseOrderLines.skuId, l.skuId)));
  }
  if (po.status === 'SENT' || po.status === 'PARTIALLY_RECEIVED') {
    const lines = await ctx.db.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.purchaseOrderId, po.id));
    const complete = lines.every((l) => l.receivedGood + l.receivedDamaged >= l.quantity);
    await ctx.db
      .update(purchaseOrders)
      .set({
        status: complete ? 'RECEIVED' : 'PARTIALLY_RECEIVED',
        receivedAt: complete ? receivedAt : null,
        receiptCount: Math.max(po.receiptCount, ref.n + (complete ? 0 : 1)),
        updatedAt: new Date(),
      })
      .where(eq(purchaseOrders.id, po.id));
  }
  await ctx.events.schedule(
    ctx.db,
    SETTLE_DELIVERY_JOB,
    { poId: po.id, n: ref.n, receiptId: event.receiptId, lines: event.lines },
    { singletonKey: event.receiptId },
  );
}

export interface SettleDeliveryData {
  poId: string;
  n: number;
  receiptId: string;
  lines: EventCatalog['PurchaseReceived']['lines'];
}

/** The job after a delivery: cost price (catalog), the backorder's receipt (inventory), the supplier's rating. Each call keyed. */
export async function settleDelivery(ctx: RequestContext, data: SettleDeliveryData): Promise<void> {
  const [po] = await ctx.db.select().from(purchaseOrders).where(eq(purchaseOrders.id, data.poId));
  if (!po) return;
  const lines = await ctx.db.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.purchaseOrderId, po.id));
  await feedCost(ctx, po, lines, data);
  if (po.status === 'PARTIALLY_RECEIVED' && po.receiptCount > data.n) {
    await openBackorder(ctx, po, lines, data.n + 1);
    // Closed while the backorder's receipt was being opened: the close found nothing to cancel, so it is cancelled here.
    const [now] = await ctx.db.select().from(purchaseOrders).where(eq(purchaseOrders.id, po.id));
    if (now?.status === 'CLOSED') await cancelOpenReceipt(ctx, new Problems(), now);
  }
  await rerateSupplier(ctx, po.supplierId);
}

/** Each SKU's cost moves with the delivery's good units at the order's unit price. */
async function feedCost(ctx: RequestContext, po: PurchaseOrderRow, lines: PurchaseOrderLineRow[], event: SettleDeliveryData): Promise<void> {
  for (const l of event.lines) {
    const line = lines.find((x) => x.skuId === l.skuId);
    if (!line || l.good <= 0) continue;
    const { recordPurchaseCost } = await ctx.services.call(catalogService.recordPurchaseCost, {
      input: {
        key: event.receiptId,
        skuId: l.skuId,
        quantity: l.good,
        unitCost: toMoney(line.unitPrice, po.currency as CurrencyCode),
        stockBefore: l.onHandBefore,
      },
    });
    if (!recordPurchaseCost.skuId) throw new Error(`catalog refused the cost of ${l.skuId}: ${recordPurchaseCost.userErrors.map((e) => e.message).join('; ')}`);
  }
}

/** 补发: the units still owed arrive on a receipt of their own, within what is left of the tolerance. */
async function openBackorder(ctx: RequestContext, po: PurchaseOrderRow, lines: PurchaseOrderLineRow[], n: number): Promise<void> {
  const owed = lines
    .map((l) => ({ l, received: l.receivedGood + l.receivedDamaged }))
    .filter(({ l, received }) => received < l.quantity)
    .map(({ l, received }) => ({ skuId: l.skuId, expectedQuantity: l.quantity - received, acceptUpTo: receivableUpTo(l.quantity) - received }));
  if (!owed.length) return;
  const { openPurchaseReceipt } = await ctx.services.call(inventoryService.openPurchaseReceipt, {
    input: { key: deliveryKey(po.id, n), warehouseId: po.warehouseId, lines: owed },
  });
  if (!openPurchaseReceipt.inboundReceipt)
    throw new Error(`inventory refused the backorder receipt of ${po.id}: ${openPurchaseReceipt.userErrors.map((e) => e.message).join('; ')}`);
}
