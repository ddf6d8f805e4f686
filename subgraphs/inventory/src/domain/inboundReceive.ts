import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { announcePurchaseReceived, onHandOfSkus } from './purchaseReceipts.ts';
import { ok, Problems, type Db, type RequestContext, type Result, assertCan } from '@zhongtai/kit';
import { inboundReceiptTenancy } from './tenancy.ts';
import { inboundReceiptLines, inboundReceipts, type InboundReceiptRow } from '../db/wmsTables.ts';
import { loadInboundReceipt } from './inbound.ts';
import { applyStockChange, inTransaction, Refusal } from './ledger.ts';
import { checkQuantity } from './skuQuotes.ts';
import { openConsignmentLots } from './consignment.ts';
import { allocationsOfOrder, giveBackConsignedUnits } from './consignmentSales.ts';
import { ensureStockLevels, levelKey } from './stockLevels.ts';

export interface ReceiveInboundInput {
  id: string;
  lines: { skuId: string; quantity: number; quality: 'GOOD' | 'DAMAGED' }[];
}

async function receiptForChange(ctx: RequestContext, id: string, problems: Problems): Promise<InboundReceiptRow | null> {
  const receipt = await loadInboundReceipt(ctx, id);
  if (!receipt) {
    problems.add(['input', 'id'], 'NOT_FOUND', 'No such inbound receipt');
    return null;
  }
  assertCan(ctx, inboundReceiptTenancy, receipt, 'write');
  return receipt;
}

/**
 * Records goods that arrived, good or damaged. More than expected of a SKU is refused unless the
 * receipt allows over-receipt. The receipt row is locked first, so two receivers counting the
 * same receipt at once cannot both fit under the expected quantity.
 */
export async function receiveInbound(ctx: RequestContext, input: ReceiveInboundInput): Promise<Result<InboundReceiptRow>> {
  const problems = new Problems();
  const receipt = await receiptForChange(ctx, input.id, problems);
  problems.check(input.lines.length > 0, ['input', 'lines'], 'REQUIRED', 'Receive at least one line');
  input.lines.forEach((line, i) => checkQuantity(problems, line.quantity, ['input', 'lines', String(i), 'quantity']));
  if (!receipt || problems.any) return problems.refuse();
  return inTransaction(ctx, async (tx) => {
    const [locked] = await tx.select().from(inboundReceipts).where(eq(inboundReceipts.id, receipt.id)).for('update');
    if (locked!.status !== 'EXPECTED' && locked!.status !== 'RECEIVING') {
      throw new Refusal(problems.add(['input', 'id'], 'INVALID_TRANSITION', `A ${locked!.status} receipt receives nothing more`).refuse());
    }
    const lines = await tx.select().from(inboundReceiptLines).where(eq(inboundReceiptLines.receiptId, receipt.id));
    const bySku = new Map(lines.map((l) => [l.skuId, { ...l }]));
    input.lines.forEach((line, i) => {
      const target = bySku.get(line.skuId);
      if (!problems.check(target !== undefined, ['input', 'lines', String(i), 'skuId'], 'NOT_FOUND', 'This SKU is not on the receipt')) return;
      if (line.quality === 'GOOD') target!.receivedGood += line.quantity;
      else target!.receivedDamaged += line.quantity;
      const received = target!.receivedGood + target!.receivedDamaged;
      // A purchase order's tolerance raises the ceiling (acceptUpTo); otherwise it is the expected quantity.
      const ceiling = target?.acceptUpTo ?? target?.expectedQuantity ?? 0;
      problems.check(
        locked!.allowOverReceipt || received <= ceiling,
        ['input', 'lines', String(i), 'quantity'],
        'OUT_OF_RANGE',
        `Receiving ${received} of ${target!.expectedQuantity} expected (at most ${ceiling}); over-receipt is not allowed on this receipt`,
      );
    });
    if (problems.any) throw new Refusal(problems.refuse<InboundReceiptRow>());
    for (const line of bySku.values()) {
      await tx
        .update(inboundReceiptLines)
        .set({ receivedGood: line.receivedGood, receivedDamaged: line.receivedDamaged })
        .where(eq(inboundReceiptLines.id, line.id));
    }
    const [row] = await tx.update(inboundReceipts).set({ status: 'RECEIVING', updatedAt: new Date() }).where(eq(inboundReceipts.id, receipt.id)).returning();
    return ok(row!);
  });
}

/** Shelves the good units received: each adds to on hand through an INBOUND movement. Once per receipt. */
export async function putAwayInbound(ctx: RequestContext, input: { id: string }): Promise<Result<InboundReceiptRow>> {
  const problems = new Problems();
  const receipt = await receiptForChange(ctx, input.id, problems);
  if (!receipt) return problems.refuse();
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx
      .update(inboundReceipts)
      .set({ status: 'PUT_AWAY', updatedAt: new Date() })
      .where(and(eq(inboundReceipts.id, receipt.id), eq(inboundReceipts.status, 'RECEIVING')))
      .returning();
    if (!row)
      throw new Refusal(
        problems.add(['input', 'id'], 'INVALID_TRANSITION', 'Only a receipt with received goods is put away, once').refuse<InboundReceiptRow>(),
      );
    const lines = (await tx.select().from(inboundReceiptLines).where(eq(inboundReceiptLines.receiptId, row.id)).orderBy(asc(inboundReceiptLines.skuId))).filter(
      (l) => l.receivedGood > l.putAwayQuantity,
    );
    const levels = await ensureStockLevels(
      tx,
      lines.map((l) => ({ skuId: l.skuId, warehouseId: row.warehouseId, shopId: l.skuShopId })),
    );
    const putAway = new Map(lines.map((l) => [l.id, l.receivedGood - l.putAwayQuantity]));
    const isReturn = row.source === 'RETURN';
    const onHandBefore =
      row.source === 'PURCHASE_ORDER'
        ? await onHandOfSkus(
            tx,
            lines.map((l) => l.skuId),
          )
        : new Map<string, number>();
    for (const line of lines) {
      const level = levels.get(levelKey(line.skuId, row.warehouseId))!;
      const moved = await applyStockChange(tx, ctx, {
        stockLevelId: level.id,
        type: isReturn ? 'RETURN' : 'INBOUND',
        onHandDelta: line.receivedGood - line.putAwayQuantity,
        reservedDelta: 0,
        reference: { type: 'INBOUND_RECEIPT', id: row.id },
      });
      if (!moved) throw new Error(`inbound to ${level.id} refused`);
    }
    if (lines.length) {
      await tx
        .update(inboundReceiptLines)
        .set({ putAwayQuantity: sql`${inboundReceiptLines.receivedGood}` })
        .where(
          inArray(
            inboundReceiptLines.id,
            lines.map((l) => l.id),
          ),
        );
    }
    await openConsignmentLots(tx, row, levels, putAway);
    if (isReturn) await bookReturn(ctx, tx, row);
    if (row.source === 'PURCHASE_ORDER') await announcePurchaseReceived(ctx, tx, row, onHandBefore);
    return ok(row);
  });
}

/**
 * A customer's return: units inspected DAMAGED go into the damaged bucket (never available), and
 * the after-sales center hears what came back, in this transaction.
 */
async function bookReturn(ctx: RequestContext, tx: Db, row: InboundReceiptRow): Promise<void> {
  const lines = await tx.select().from(inboundReceiptLines).where(eq(inboundReceiptLines.receiptId, row.id)).orderBy(asc(inboundReceiptLines.skuId));
  const levels = await ensureStockLevels(
    tx,
    lines.map((l) => ({ skuId: l.skuId, warehouseId: row.warehouseId, shopId: l.skuShopId })),
  );
  for (const line of lines.filter((l) => l.receivedDamaged > 0)) {
    const level = levels.get(levelKey(line.skuId, row.warehouseId));
    if (!level) throw new Error(`no stock level for ${line.skuId}`);
    const moved = await applyStockChange(tx, ctx, {
      stockLevelId: level.id,
      type: 'DAMAGED',
      onHandDelta: 0,
      reservedDelta: 0,
      damagedDelta: line.receivedDamaged,
      reference: { type: 'INBOUND_RECEIPT', id: row.id },
    });
    if (!moved) throw new Error(`damaged units to ${level.id} refused`);
  }
  if (row.orderId) {
    // 代销: units back on hand GOOD are the consignor's again; DAMAGED ones stay sold (the shop bears the damage).
    const allocations = await allocationsOfOrder(
      tx,
      row.orderId,
      lines.map((l) => l.skuId),
    );
    for (const line of lines) {
      let left = line.receivedGood;
      for (const allocation of allocations.filter((a) => a.skuId === line.skuId)) {
        left -= await giveBackConsignedUnits(tx, ctx, { allocationId: allocation.id, quantity: left, reason: 'RETURN', reference: row.id });
      }
    }
  }
  await ctx.events.publish(tx, 'ReturnReceived', {
    receiptId: row.id,
    reference: row.sourceReference ?? '',
    warehouseId: row.warehouseId,
    lines: lines.map((l) => ({ skuId: l.skuId, sellable: l.receivedGood, damaged: l.receivedDamaged })),
  });
}
