import { sql } from 'drizzle-orm';
import type { Db } from '@zhongtai/kit';

/** Rows of a raw query on PGlite (`{ rows }`) or postgres.js (an array). */
export async function rowsOf<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = await db.execute(query);
  return (Array.isArray(result) ? result : (result as unknown as { rows: T[] }).rows) as T[];
}

/**
 * What no checkout may leave behind once it ended: read straight from each center's tables (a
 * test's assertion, not a code path). A hold is orphaned when no placed checkout owns it.
 */
export async function orphanedHolds(db: Db) {
  const placing = await rowsOf<{ id: string }>(db, sql`select id from orders.checkouts where status = 'PLACING'`);
  const reservations = await rowsOf<{ order_id: string }>(
    db,
    sql`select r.order_id from inventory.reservations r where r.status = 'ACTIVE' and not exists (select 1 from orders.orders o where o.id = r.order_id)`,
  );
  const coupons = await rowsOf<{ order_id: string }>(
    db,
    sql`select c.order_id from marketing.coupons c where c.status = 'LOCKED' and not exists (select 1 from orders.checkouts k where k.id = c.order_id and k.status = 'PLACED')`,
  );
  const points = await rowsOf<{ order_id: string }>(
    db,
    sql`select s.order_id from members.points_entries s where s.kind = 'SPEND' and s.order_id like 'chk%'
          and not exists (select 1 from members.points_entries r where r.order_id = s.order_id and r.kind = 'REFUND')
          and not exists (select 1 from orders.checkouts k where k.id = s.order_id and k.status = 'PLACED')`,
  );
  const payments = await rowsOf<{ order_id: string }>(
    db,
    sql`select p.order_id from payments.payments p where p.status = 'PENDING' and p.order_id like 'chk%'
          and not exists (select 1 from orders.checkouts k where k.id = p.order_id and k.status = 'PLACED')`,
  );
  const flashSales = await rowsOf<{ order_id: string }>(
    db,
    sql`select f.order_id from marketing.flash_sale_takes f where f.released_at is null and not exists (select 1 from orders.orders o where o.id = f.order_id)`,
  );
  return {
    placing: placing.map((r) => r.id),
    reservations: reservations.map((r) => r.order_id),
    coupons: coupons.map((r) => r.order_id),
    points: points.map((r) => r.order_id),
    payments: payments.map((r) => r.order_id),
    flashSales: flashSales.map((r) => r.order_id),
  };
}

export const NOTHING_ORPHANED = { placing: [], reservations: [], coupons: [], points: [], payments: [], flashSales: [] };

export const CHECKOUT_BY_KEY = `query($key: String!) { checkoutByIdempotencyKey(key: $key) { idempotencyKey status checkout { id orders { id } } userErrors { field code message } } }`;
