import type { Sql } from 'postgres';
import { PAGE_SIZE, type DataSet } from './scenarios/index.ts';

/** How many rows of each table the data set has: goes into the results next to the numbers. */
export async function countRows(sql: Sql): Promise<Record<string, number>> {
  const [row] = await sql`
    select (select count(*) from orders.orders)::int as orders, (select count(*) from orders.order_lines)::int as order_lines,
           (select count(*) from catalog.spus)::int as spus, (select count(*) from catalog.skus)::int as skus,
           (select count(*) from members.members)::int as members, (select count(*) from shops.shops)::int as shops`;
  return { ...row } as Record<string, number>;
}

/**
 * Samples the ids the scenarios draw from. Random, but cheap on a million orders: anchors come
 * from a Bernoulli sample, and each order window is found through the (status, created_at) index.
 */
export async function sampleDataSet(sql: Sql, orderCount: number): Promise<DataSet> {
  const percent = Math.min(100, (20_000 / Math.max(orderCount, 1)) * 100);
  const anchors = await sql`select id, status, created_at from orders.orders tablesample bernoulli(${percent}) limit 20000`;
  const orderIds = shuffle(anchors.map((a) => a.id as string)).slice(0, 5000);
  const orderWindows: DataSet['orderWindows'] = [];
  for (const anchor of shuffle([...anchors]).slice(0, 400)) {
    if (orderWindows.length >= 50) break;
    // The window ends just after the anchor and starts at the order 10 beyond a full page back.
    const [older] = await sql`
      select created_at from orders.orders where status = ${anchor.status} and created_at <= ${anchor.created_at}
      order by created_at desc offset ${PAGE_SIZE + 10} limit 1`;
    if (!older) continue;
    const to = new Date((anchor.created_at as Date).getTime() + 1).toISOString();
    orderWindows.push({ status: anchor.status as string, from: (older.created_at as Date).toISOString(), to });
  }
  const shops = await sql`select shop_id from catalog.spus group by shop_id order by count(*) desc limit 20`;
  const spus = await sql`select id from catalog.spus where status = 'ON_SALE' order by random() limit 2000`;
  const members = await sql`select id from members.members where status = 'ACTIVE' order by random() limit 5000`;
  // Plenty of stock, so that placeOrder measures the write path and not running out. Domestic only:
  // a cross-border SKU (the demo has one) needs a buyer identity the scenario does not send.
  const buyable = await sql`
    select k.id from catalog.skus k
    join catalog.spus p on p.id = k.spu_id and p.status = 'ON_SALE' and p.product_type = 'PHYSICAL'
    join shops.shops s on s.id = k.shop_id and s.status = 'ACTIVE'
    join inventory.stock_levels l on l.sku_id = k.id
    join inventory.warehouses w on w.id = l.warehouse_id and w.status = 'ACTIVE'
    where k.status = 'ACTIVE' and k.cross_border_mode is null
    group by k.id having sum(greatest(l.on_hand - l.reserved, 0)) >= 50
    order by sum(greatest(l.on_hand - l.reserved, 0)) desc limit 500`;
  return {
    orderWindows,
    orderIds,
    merchantShopIds: shops.map((s) => s.shop_id as string),
    onSaleSpuIds: spus.map((s) => s.id as string),
    memberIds: members.map((m) => m.id as string),
    buyableSkuIds: buyable.map((k) => k.id as string),
  };
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
