import { and, eq, sql } from 'drizzle-orm';
import { catalogService, inventoryService, newId, toMoney, type CurrencyCode, type EventCatalog, type RequestContext } from '@zhongtai/kit';
import { purchaseDeliveries, purchaseOrderLines, purchaseOrders, type PurchaseOrderLineRow, type PurchaseOrderRow } from '../db/purchaseTables.ts';
import { DELIVERY_ID_PREFIX, PURCHASE_ORDER_ID_PREFIX } from './ids.ts';
import { deliveryKey, receivableUpTo } from './purchaseOrderFlow.ts';
import { rerateSupplier } from './supplierRating.ts';

/** "<purchase order id>/<n>" -> the order id, or null for a receipt procurement did not open. */
export function purchaseOrderOfKey(reference: string): { poId: string; n: number } | null {
  const [, poId, n] = /^([a-z]+_[0-9A-Z]+)\/(\d+)$/.exec(reference) ?? [];
  if (!poId || !n || !poId.startsWith(`${PURCHASE_ORDER_ID_PREFIX}_`)) return null;
  return { poId, n: Number(n) };
}

/**
 * 采购收货: inventory put away a delivery of a purchase order. Records the delivery (once per
 * receipt), adds its units to the lines, moves the order to PARTIALLY_RECEIVED or RECEIVED,
 * feeds the good units' price into each SKU's cost (moving average, in catalog), re-rates the
 * supplier, and when units are still owed, opens the backorder's receipt. Every step is keyed,
 * so a redelivered event changes nothing twice.
 */
export async function recordPurchaseReceived(ctx: RequestContext, event: EventCatalog['PurchaseReceived']): Promise<void> {
  const ref = purchaseOrderOfKey(event.reference);
  if (!ref) return;
  const [po] = await ctx.db.select().from(purchaseOrders).where(eq(purchaseOrders.id, ref.poId));
  if (!po) return;
  const receivedAt = new Date(event.receivedAt);
  const { order, lines, recorded } = await ctx.db.transaction(async (tx) => {
    const good = event.lines.reduce((s, l) => s + l.good, 0);
    const damaged = event.lines.reduce((s, l) => s + l.damaged, 0);
    const [delivery] = await tx
      .insert(purchaseDeliveries)
      .values({
        id: newId(DELIVERY_ID_PREFIX),
        purchaseOrderId: po.id,
        supplierId: po.supplierId,
        shopId: po.shopId,
        receiptId: event.receiptId,
        good,
        damaged,
        onTime: !po.expectedBy || receivedAt <= po.expectedBy,
        receivedAt,
      })
      .onConflictDoNothing()
      .returning();
    const [locked = po] = await tx.select().from(purchaseOrders).where(eq(purchaseOrders.id, po.id)).for('update');
    if (delivery) {
      for (const l of event.lines) {
        await tx
          .update(purchaseOrderLines)
          .set({
            receivedGood: sql`${purchaseOrderLines.receivedGood} + ${l.good}`,
            receivedDamaged: sql`${purchaseOrderLines.receivedDamaged} + ${l.damaged}`,
          })
          .where(and(eq(purchaseOrderLines.purchaseOrderId, po.id), eq(purchaseOrderLines.skuId, l.skuId)));
      }
    }
    const all = await tx.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.purchaseOrderId, po.id));
    let current: PurchaseOrderRow = locked;
    if (delivery && (locked.status === 'SENT' || locked.status === 'PARTIALLY_RECEIVED')) {
      const complete = all.every((l) => l.receivedGood + l.receivedDamaged >= l.quantity);
      const [row] = await tx
        .update(purchaseOrders)
        .set({
          status: complete ? 'RECEIVED' : 'PARTIALLY_RECEIVED',
          receivedAt: complete ? receivedAt : null,
          receiptCount: Math.max(locked.receiptCount, ref.n + (complete ? 0 : 1)),
          updatedAt: new Date(),
        })
        .where(eq(purchaseOrders.id, po.id))
        .returning();
      current = row ?? locked;
    }
    return { order: current, lines: all, recorded: !!delivery };
  });

  // Outside the transaction: catalog and inventory, each call keyed by this receipt.
  await feedCost(ctx, po, lines, event);
  if (order.status === 'PARTIALLY_RECEIVED' && order.receiptCount > ref.n) await openBackorder(ctx, order, lines, order.receiptCount);
  if (recorded || order.status === 'RECEIVED') await rerateSupplier(ctx, po.supplierId);
}

/** Each SKU's cost moves with the delivery's good units at the order's unit price. */
async function feedCost(ctx: RequestContext, po: PurchaseOrderRow, lines: PurchaseOrderLineRow[], event: EventCatalog['PurchaseReceived']): Promise<void> {
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
