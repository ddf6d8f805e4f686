import { and, asc, eq, inArray } from 'drizzle-orm';
import { isUniqueViolation, newId, ok, Problems, requiredText, type Db, type RequestContext, type Result, rowsByParent } from '@zhongtai/kit';
import { reservationAllocations, reservations, stockLevels, warehouses, type AllocationRow, type ReservationRow } from '../db/tables.ts';
import { ALLOCATION_ID_PREFIX, RESERVATION_ID_PREFIX } from './ids.ts';
import { applyStockChange, inTransaction, Refusal } from './ledger.ts';
import { checkQuantity, quoteLines } from './skuQuotes.ts';
import { available } from './stockLevels.ts';

export const MAX_RESERVATION_LINES = 100;
export const EXPIRE_RESERVATION_JOB = 'expireReservation';

export interface ReserveStockInput {
  orderId: string;
  lines: { skuId: string; quantity: number }[];
  expiresAt: Date | string;
}

export async function reservationOfOrder(db: Db, orderId: string): Promise<ReservationRow | null> {
  const [row] = await db.select().from(reservations).where(eq(reservations.orderId, orderId));
  return row ?? null;
}

/** The allocations of each reservation, batched for a page of reservations. */
export function allocationsOf(ctx: RequestContext, reservationId: string): Promise<AllocationRow[]> {
  return rowsByParent(
    ctx,
    'inventory.allocationsByReservation',
    reservationAllocations,
    { parent: reservationAllocations.reservationId, orderBy: [asc(reservationAllocations.lineIndex)] },
    reservationId,
  );
}

function validate(input: ReserveStockInput, problems: Problems, now: Date): { orderId?: string; expiresAt?: Date } {
  const orderId = requiredText(problems, input.orderId, ['input', 'orderId'], 'Order id', 100);
  const expiresAt = new Date(input.expiresAt);
  problems.check(
    !Number.isNaN(expiresAt.getTime()) && expiresAt.getTime() > now.getTime(),
    ['input', 'expiresAt'],
    'INVALID',
    'A reservation expires in the future',
  );
  if (problems.check(input.lines.length > 0, ['input', 'lines'], 'REQUIRED', 'Reserve at least one line')) {
    problems.check(input.lines.length <= MAX_RESERVATION_LINES, ['input', 'lines'], 'TOO_MANY', `At most ${MAX_RESERVATION_LINES} lines`);
  }
  const seen = new Set<string>();
  input.lines.forEach((line, i) => {
    checkQuantity(problems, line.quantity, ['input', 'lines', String(i), 'quantity']);
    // One line per SKU: a transaction then holds at most one row per SKU, taken in SKU order (no deadlocks).
    problems.check(!seen.has(line.skuId), ['input', 'lines', String(i), 'skuId'], 'DUPLICATE', 'Each SKU once per reservation; add the quantities');
    seen.add(line.skuId);
  });
  return { orderId, expiresAt };
}

/**
 * Holds stock for every line of an order, or for none. Each line is served whole by ONE
 * warehouse (no splitting: a line ships as one parcel and the fulfillment center creates one
 * outbound order per warehouse), the first by warehouse priority that has it available; lines of
 * one order may come from different warehouses. Idempotent per order: a second call returns
 * the first reservation and holds nothing more.
 */
export async function reserveStock(ctx: RequestContext, input: ReserveStockInput): Promise<Result<ReservationRow>> {
  const problems = new Problems();
  const { orderId, expiresAt } = validate(input, problems, ctx.now());
  if (problems.any) return problems.refuse();
  const existing = await reservationOfOrder(ctx.db, orderId!);
  if (existing) return ok(existing);
  await quoteLines(ctx, input.lines, problems, (i) => ['input', 'lines', String(i), 'skuId']);
  if (problems.any) return problems.refuse();
  try {
    return await inTransaction(ctx, (tx) => holdLines(tx, ctx, orderId!, expiresAt!, input.lines));
  } catch (error) {
    // The same order reserved concurrently: the other call won; answer with its reservation.
    if (!isUniqueViolation(error, 'reservations_order_key')) throw error;
    return ok((await reservationOfOrder(ctx.db, orderId!))!);
  }
}

async function holdLines(tx: Db, ctx: RequestContext, orderId: string, expiresAt: Date, lines: ReserveStockInput['lines']): Promise<Result<ReservationRow>> {
  const [reservation] = await tx
    .insert(reservations)
    .values({ id: newId(RESERVATION_ID_PREFIX), orderId, expiresAt })
    .returning();
  const candidates = await tx
    .select({ level: stockLevels })
    .from(stockLevels)
    .innerJoin(warehouses, eq(warehouses.id, stockLevels.warehouseId))
    .where(
      and(
        inArray(
          stockLevels.skuId,
          lines.map((l) => l.skuId),
        ),
        eq(warehouses.status, 'ACTIVE'),
      ),
    )
    .orderBy(asc(warehouses.priority), asc(warehouses.id));
  const problems = new Problems();
  const allocations: (typeof reservationAllocations.$inferInsert)[] = [];
  // Lines in SKU order: every transaction takes its row locks in the same order.
  const ordered = lines.map((line, lineIndex) => ({ ...line, lineIndex })).sort((a, b) => (a.skuId < b.skuId ? -1 : a.skuId > b.skuId ? 1 : 0));
  for (const line of ordered) {
    let held: AllocationRow['stockLevelId'] | null = null;
    let warehouseId = '';
    for (const { level } of candidates) {
      // The snapshot only skips warehouses that cannot serve the line; the conditional update decides.
      if (level.skuId !== line.skuId || available(level) < line.quantity) continue;
      const row = await applyStockChange(tx, ctx, {
        stockLevelId: level.id,
        type: 'RESERVE',
        onHandDelta: 0,
        reservedDelta: line.quantity,
        reference: { type: 'ORDER', id: orderId },
      });
      if (row) {
        held = row.id;
        warehouseId = row.warehouseId;
        break;
      }
    }
    if (!held) {
      problems.add(['input', 'lines', String(line.lineIndex), 'quantity'], 'OUT_OF_STOCK', `Not enough stock of ${line.skuId} in any one warehouse`);
      throw new Refusal(problems.refuse());
    }
    allocations.push({
      id: newId(ALLOCATION_ID_PREFIX),
      reservationId: reservation!.id,
      lineIndex: line.lineIndex,
      skuId: line.skuId,
      warehouseId,
      stockLevelId: held,
      quantity: line.quantity,
    });
  }
  await tx.insert(reservationAllocations).values(allocations);
  await ctx.events.schedule(
    tx,
    EXPIRE_RESERVATION_JOB,
    { reservationId: reservation!.id },
    { startAfter: expiresAt, singletonKey: `reservation:${reservation!.id}` },
  );
  return ok(reservation!);
}
