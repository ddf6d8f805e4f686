import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { catalogService, Db, Problems } from '@zhongtai/kit';
import { serviceSlotDays, serviceSlotHolds } from '../db/tables.ts';
import type { PlaceOrderInput } from './checkoutInput.ts';
import type { ShopOrderDraft } from './orderDraft.ts';

/** How far ahead a customer may book a service slot. */
const MAX_DAYS_AHEAD = 180;
const DAY_MS = 86_400_000;
/** The business time zone is Asia/Shanghai: UTC+8, no summer time. */
const BUSINESS_OFFSET_MS = 8 * 3_600_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A day in the business time zone, YYYY-MM-DD. */
export function businessDate(at: Date): string {
  return new Date(at.getTime() + BUSINESS_OFFSET_MS).toISOString().slice(0, 10);
}

/** A line of a SKU whose merchant limits slots per day, with the day it books. */
export interface SlotRequest {
  checkoutId: string;
  orderId: string;
  orderLineId: string;
  skuId: string;
  slotDate: string;
  quantity: number;
  capacity: number;
  inputIndex: number;
}

/**
 * The slots a checkout must take: one per line of a SKU with a daily capacity, on the day the
 * customer chose (serviceDate) or today. A day in the past or too far ahead is refused here.
 */
export function planServiceSlots(
  input: PlaceOrderInput,
  checkoutId: string,
  drafts: ShopOrderDraft[],
  quotes: Map<string, catalogService.SkuQuote>,
  now: Date,
  problems: Problems,
): SlotRequest[] {
  const today = businessDate(now);
  const lastDay = businessDate(new Date(now.getTime() + MAX_DAYS_AHEAD * DAY_MS));
  const slots: SlotRequest[] = [];
  for (const { order, lines } of drafts) {
    for (const line of lines) {
      const capacity = quotes.get(line.skuId)?.dailyCapacity;
      const chosen = input.lines[line.inputIndex]?.serviceDate ?? null;
      const field = ['input', 'lines', String(line.inputIndex), 'serviceDate'];
      if (
        chosen !== null &&
        !problems.check(
          validDay(chosen) && chosen >= today && chosen <= lastDay,
          field,
          'INVALID',
          `A service day is a date (YYYY-MM-DD) from ${today} to ${lastDay}`,
        )
      )
        continue;
      // A goods line has no service to book: a day given for it was a mistake of the client's, not kept silently.
      if (chosen !== null && !problems.check(line.productType !== 'PHYSICAL', field, 'INVALID', 'Only a service line takes a service day')) continue;
      // The voucher carries the day: the one booked, or today for a limited service bought without one.
      if (line.productType !== 'PHYSICAL') line.serviceDate = chosen ?? (capacity == null ? null : today);
      if (capacity == null) continue;
      if (
        !problems.check(
          line.quantity <= capacity,
          ['input', 'lines', String(line.inputIndex), 'quantity'],
          'CAPACITY_FULL',
          `${line.spuName} takes at most ${capacity} a day`,
        )
      )
        continue;
      slots.push({
        checkoutId,
        orderId: order.id,
        orderLineId: line.id,
        skuId: line.skuId,
        slotDate: chosen ?? today,
        quantity: line.quantity,
        capacity,
        inputIndex: line.inputIndex,
      });
    }
  }
  return slots;
}

function validDay(value: string): boolean {
  return ISO_DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

/**
 * Takes a line's slots: the day's counter is raised only while it stays within the capacity (one
 * guarded upsert, so two checkouts racing for the last slot cannot both get it), and the hold is
 * recorded in the same transaction. False when the day is full.
 */
export async function takeServiceSlot(db: Db, slot: SlotRequest): Promise<boolean> {
  return db.transaction(async (tx) => {
    const raised = await tx
      .insert(serviceSlotDays)
      .values({ skuId: slot.skuId, slotDate: slot.slotDate, taken: slot.quantity })
      .onConflictDoUpdate({
        target: [serviceSlotDays.skuId, serviceSlotDays.slotDate],
        set: { taken: sql`${serviceSlotDays.taken} + ${slot.quantity}` },
        setWhere: sql`${serviceSlotDays.taken} + ${slot.quantity} <= ${slot.capacity}`,
      })
      .returning();
    if (!raised.length) return false;
    await tx.insert(serviceSlotHolds).values({
      orderLineId: slot.orderLineId,
      orderId: slot.orderId,
      checkoutId: slot.checkoutId,
      skuId: slot.skuId,
      slotDate: slot.slotDate,
      quantity: slot.quantity,
    });
    return true;
  });
}

/** Gives back the slots of a refused or failed checkout. */
export const releaseCheckoutSlots = (db: Db, checkoutId: string) => releaseSlots(db, eq(serviceSlotHolds.checkoutId, checkoutId));

/** Gives back the slots of ended (cancelled or closed) orders. */
export const releaseOrderSlots = (db: Db, orderIds: string[]) =>
  orderIds.length ? releaseSlots(db, inArray(serviceSlotHolds.orderId, orderIds)) : Promise.resolve();

/** Deleting the hold is what gives it back: a second release finds nothing and changes nothing. */
async function releaseSlots(db: Db, where: SQL): Promise<void> {
  await db.transaction(async (tx) => {
    const released = await tx.delete(serviceSlotHolds).where(where).returning();
    for (const hold of released)
      await tx
        .update(serviceSlotDays)
        .set({ taken: sql`greatest(${serviceSlotDays.taken} - ${hold.quantity}, 0)` })
        .where(and(eq(serviceSlotDays.skuId, hold.skuId), eq(serviceSlotDays.slotDate, hold.slotDate)));
  });
}
