import type { Sql } from 'postgres';

/** Oversell shows as a stock level with negative stock or more reserved than on hand. */
export async function stockCheck(sql: Sql) {
  const [row] = await sql`
    select count(*) filter (where on_hand < 0)::int as negative_on_hand,
           count(*) filter (where reserved < 0)::int as negative_reserved,
           count(*) filter (where reserved > on_hand)::int as reserved_over_on_hand
    from inventory.stock_levels`;
  const counts = {
    negativeOnHand: row!.negative_on_hand as number,
    negativeReserved: row!.negative_reserved as number,
    reservedOverOnHand: row!.reserved_over_on_hand as number,
  };
  return { ok: counts.negativeOnHand === 0 && counts.negativeReserved === 0 && counts.reservedOverOnHand === 0, ...counts };
}
