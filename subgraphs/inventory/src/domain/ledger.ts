import { and, eq, sql } from 'drizzle-orm';
import { newId, type Db, type RequestContext } from '@zhongtai/kit';
import { stockLevels, stockMovements, type MovementReference, type MovementType, type StockLevelRow } from '../db/tables.ts';
import { MOVEMENT_ID_PREFIX } from './ids.ts';

export interface StockChange {
  stockLevelId: string;
  type: MovementType;
  onHandDelta: number;
  reservedDelta: number;
  /** Units into (or out of) the damaged bucket; 0 unless a return is inspected DAMAGED. */
  damagedDelta?: number;
  reference: { type: MovementReference; id: string };
  note?: string | null;
}

/** Who a movement is booked to: the token's subject, or the system when a job acts. */
export const actorOf = (ctx: RequestContext) => ctx.claims?.subject ?? `system:${ctx.center}`;

/**
 * The ONLY way on_hand and reserved change. One conditional UPDATE: it applies only when the
 * result keeps on_hand >= 0 and 0 <= reserved <= on_hand (so a reservation takes units only
 * while available >= n), and returns null otherwise; racing transactions queue on the row lock
 * and re-check the condition, so concurrent reservations can never oversell. Each applied change
 * writes its movement row, and a fall of available under safety stock publishes
 * StockBelowThreshold, all in the caller's transaction `tx`.
 */
export async function applyStockChange(tx: Db, ctx: RequestContext, change: StockChange): Promise<StockLevelRow | null> {
  const { onHandDelta: dOn, reservedDelta: dRes } = change;
  const dDam = change.damagedDelta ?? 0;
  const [row] = await tx
    .update(stockLevels)
    .set({
      onHand: sql`${stockLevels.onHand} + ${dOn}`,
      reserved: sql`${stockLevels.reserved} + ${dRes}`,
      damaged: sql`${stockLevels.damaged} + ${dDam}`,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(stockLevels.id, change.stockLevelId),
        sql`${stockLevels.onHand} + ${dOn} >= 0`,
        sql`${stockLevels.reserved} + ${dRes} >= 0`,
        sql`${stockLevels.reserved} + ${dRes} <= ${stockLevels.onHand} + ${dOn}`,
        sql`${stockLevels.damaged} + ${dDam} >= 0`,
      ),
    )
    .returning();
  if (!row) return null;
  await tx.insert(stockMovements).values({
    id: newId(MOVEMENT_ID_PREFIX),
    stockLevelId: row.id,
    skuId: row.skuId,
    warehouseId: row.warehouseId,
    shopId: row.shopId,
    type: change.type,
    onHandDelta: dOn,
    reservedDelta: dRes,
    onHandAfter: row.onHand,
    reservedAfter: row.reserved,
    damagedDelta: dDam,
    damagedAfter: row.damaged,
    referenceType: change.reference.type,
    referenceId: change.reference.id,
    actor: actorOf(ctx),
    note: change.note ?? null,
  });
  const availableBefore = row.onHand - dOn - (row.reserved - dRes);
  const available = row.onHand - row.reserved;
  // Only the crossing signals: a level already under its safety stock does not repeat the alarm.
  if (available < row.safetyStock && availableBefore >= row.safetyStock) {
    await ctx.events.publish(tx, 'StockBelowThreshold', {
      stockLevelId: row.id,
      skuId: row.skuId,
      warehouseId: row.warehouseId,
      shopId: row.shopId,
      onHand: row.onHand,
      available,
      safetyStock: row.safetyStock,
    });
  }
  return row;
}

/** Thrown inside a transaction to roll all of it back and hand a refusal to the caller. */
export class Refusal<T> extends Error {
  constructor(readonly result: T) {
    super('refused');
  }
}

/** Runs `work` in a transaction; a thrown Refusal rolls it back and becomes the return value. */
export async function inTransaction<T>(ctx: RequestContext, work: (tx: Db) => Promise<T>): Promise<T> {
  try {
    return await ctx.db.transaction(work);
  } catch (error) {
    if (error instanceof Refusal) return error.result as T;
    throw error;
  }
}
