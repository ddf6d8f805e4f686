import type { Sql } from 'postgres';

/**
 * Units available to sell per SKU over ACTIVE warehouses, never below zero per level: the same
 * rule as inventory's SkuStock. One statement for all SKUs of the given SPUs.
 */
export function stockOfSpus(sql: Sql, spuIds: string[]) {
  return sql`
    select l.sku_id, sum(greatest(l.on_hand - l.reserved, 0))::int as available
    from inventory.stock_levels l join inventory.warehouses w on w.id = l.warehouse_id and w.status = 'ACTIVE'
    where l.sku_id in (select id from catalog.skus where spu_id = any(${spuIds}))
    group by l.sku_id`;
}
