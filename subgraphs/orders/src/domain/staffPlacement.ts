import { eq, exists, notExists, type SQL } from 'drizzle-orm';
import { anyOf, type Db, type RequestContext } from '@zhongtai/kit';
import { staffPlacements, type StaffPlacementRow } from '../db/editTables.ts';
import { orders } from '../db/tables.ts';

/** Who placed each order of a page (batched by checkout); null when the member placed it. */
export async function placementOf(ctx: RequestContext, checkoutId: string): Promise<StaffPlacementRow | null> {
  const row = await ctx.loaders
    .byId<StaffPlacementRow & { id: string }>('orders.staffPlacements', async (ids) =>
      (await ctx.db.select().from(staffPlacements).where(anyOf(staffPlacements.checkoutId, ids))).map((r) => ({ ...r, id: r.checkoutId })),
    )
    .load(checkoutId);
  return row ?? null;
}

/** The order-list filter: true lists orders staff placed for members, false those the members placed. */
export function placedByStaffCondition(db: Db, placedByStaff: boolean | null | undefined): SQL | undefined {
  if (placedByStaff === null || placedByStaff === undefined) return undefined;
  const placed = db.select({ one: staffPlacements.checkoutId }).from(staffPlacements).where(eq(staffPlacements.checkoutId, orders.checkoutId));
  return placedByStaff ? exists(placed) : notExists(placed);
}
