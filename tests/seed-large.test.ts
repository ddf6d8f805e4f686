import { sql } from 'drizzle-orm';
import { rowsOf, seedId, type Db } from '@zhongtai/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, hasNotice, hasPayment, plannedOrders, SCALES } from '@zhongtai/kit/largeSeed';
import { historyOf } from '@zhongtai/orders';
import { seedScale, worldOf } from '../scripts/seed/load.ts';
import { startTestGraph, type TestGraph } from './support/graph.ts';

// The tiny scale: COPY on PostgreSQL, multi-row inserts on PGlite; the same rows either way.
describe('pnpm seed --scale tiny', () => {
  let t: TestGraph;
  let db: Db;
  const scale = SCALES.tiny;
  const query = async <T>(text: string) => rowsOf<T>(await db.execute(sql.raw(text)));
  const one = async (text: string) => Number(Object.values((await query<Record<string, unknown>>(text))[0]!)[0]);
  /** Rows of `table` with generated ids (the demo seed's ids are numbered far below). */
  const generated = (table: string, prefix: string, column = 'id') => one(`select count(*) from ${table} where ${column} >= '${seedId(prefix, BASE)}'`);

  beforeAll(async () => {
    t = await startTestGraph({
      prepare: async (testDb) => {
        await seedScale({ database: testDb.database, url: testDb.url, scale, quiet: true });
      },
    });
    db = t.testDb.database.forCenter('seed');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('loads as many rows per table as the plan says', async () => {
    const world = worldOf(scale);
    const plans = [...plannedOrders(world)];
    const lines = plans.reduce((n, o) => n + o.lines.length, 0);
    const shipped = plans.filter((o) => o.shippedAt);
    expect(await generated('shops.shops', 'shp')).toBe(scale.shops);
    expect(await generated('catalog.spus', 'spu')).toBe(scale.spus);
    expect(await generated('catalog.skus', 'sku')).toBe(world.skus.length);
    expect(await generated('members.members', 'mbr')).toBe(scale.members);
    expect(await generated('orders.orders', 'ord')).toBe(scale.orders);
    expect(await generated('orders.checkouts', 'chk')).toBe(scale.orders);
    expect(await generated('orders.order_lines', 'oln')).toBe(lines);
    expect(await generated('orders.order_status_changes', 'osc')).toBe(plans.reduce((n, o) => n + historyOf(o).length, 0));
    expect(await generated('payments.payments', 'pay')).toBe(plans.filter(hasPayment).length);
    expect(await generated('payments.refunds', 'rfd')).toBe(plans.filter((o) => o.refundedAt).length);
    expect(await generated('fulfillment.shipping_notices', 'shn')).toBe(plans.filter(hasNotice).length);
    expect(await generated('fulfillment.shipments', 'sht')).toBe(shipped.length);
    expect(await generated('fulfillment.shipment_lines', 'spl')).toBe(shipped.reduce((n, o) => n + o.lines.length, 0));
    expect(await generated('orders.order_shipments', 'sht', 'shipment_id')).toBe(shipped.length);
    expect(await generated('inventory.stock_levels', 'stk')).toBeGreaterThanOrEqual(world.skus.length * 2);
    // Most orders completed, some cancelled or closed unpaid, some refunded.
    const completed = plans.filter((o) => o.status === 'COMPLETED').length / plans.length;
    expect(completed).toBeGreaterThan(0.8);
    expect(plans.filter((o) => o.status === 'CANCELLED' || o.status === 'CLOSED').length).toBeGreaterThan(0.03 * plans.length);
    expect(plans.filter((o) => o.refundedAt).length).toBeGreaterThan(0.01 * plans.length);
  });

  it('keeps every reference resolvable and every amount consistent', async () => {
    const violations: Record<string, string> = {
      'line without its SKU': `select count(*) from orders.order_lines l left join catalog.skus s on s.id = l.sku_id where s.id is null or s.spu_id <> l.spu_id or s.code <> l.sku_code`,
      'SKU of another shop': `select count(*) from orders.order_lines l join orders.orders o on o.id = l.order_id join catalog.skus s on s.id = l.sku_id where s.shop_id <> o.shop_id`,
      'order without its member': `select count(*) from orders.orders o left join members.members m on m.id = o.member_id where m.id is null or m.registered_at > o.created_at`,
      'order without its shop': `select count(*) from orders.orders o left join shops.shops s on s.id = o.shop_id where s.id is null`,
      'items ≠ Σ unit price × quantity': `select count(*) from orders.orders o where o.items_amount <> (select sum(l.unit_price * l.quantity) from orders.order_lines l where l.order_id = o.id)`,
      'discount ≠ Σ line discounts': `select count(*) from orders.orders o where o.discount_amount <> (select sum(l.unit_price * l.quantity - l.final_amount) from orders.order_lines l where l.order_id = o.id)`,
      'payable ≠ items − discount + freight': `select count(*) from orders.orders o where o.payable_amount <> o.items_amount - o.discount_amount + o.freight_amount`,
      // A whole refund (cancelled after paying) gives the freight back too, as holdWholeRefund does.
      'refunded ≠ Σ line refunds (+ freight when whole)': `select count(*) from orders.orders o where o.refunded_amount <> (select sum(l.refunded_amount) from orders.order_lines l where l.order_id = o.id) + case when o.refunded_amount = o.payable_amount and o.refunded_amount > 0 then o.freight_amount else 0 end`,
      'paid order without its payment': `select count(*) from orders.orders o where o.paid_at is not null and not exists (select 1 from payments.payments p join orders.checkouts c on c.payment_id = p.id where c.id = o.checkout_id and p.order_id = o.checkout_id and p.status = 'SUCCEEDED' and p.amount = o.payable_amount and p.currency_code = o.currency)`,
      'unpaid cancelled order with a payment': `select count(*) from orders.orders o where o.status in ('CANCELLED', 'CLOSED') and o.paid_at is null and exists (select 1 from payments.payments p where p.order_id = o.checkout_id)`,
      'completed order not paid, shipped, delivered': `select count(*) from orders.orders o where o.status = 'COMPLETED' and (o.paid_at is null or o.completed_at is null or not exists (select 1 from fulfillment.shipments s where s.order_id = o.id and s.status = 'DELIVERED'))`,
      'refund unlike its order or above its payment': `select count(*) from payments.refunds r join payments.payments p on p.id = r.payment_id where r.amount > p.amount or r.amount <> (select refunded_amount from orders.orders where id = r.order_id)`,
      // Per payment, not per row: two refunds each below the capture can still add up to more.
      'refunds of a payment beyond its capture': `select count(*) from payments.payments p where (select coalesce(sum(r.amount), 0) from payments.refunds r where r.payment_id = p.id and r.status in ('PENDING', 'SUCCEEDED')) > p.amount`,
      'history not ending in the status': `select count(*) from orders.orders o where o.status <> (select c.to_status from orders.order_status_changes c where c.order_id = o.id order by c.created_at desc limit 1)`,
      'shipment of an unknown order or line': `select count(*) from fulfillment.shipment_lines sl join fulfillment.shipments s on s.id = sl.shipment_id left join orders.order_lines l on l.id = sl.order_line_id where l.id is null or l.order_id <> s.order_id or l.sku_id <> sl.sku_id`,
      'line from a warehouse without its stock': `select count(*) from orders.order_lines l where not exists (select 1 from inventory.stock_levels k where k.sku_id = l.sku_id and k.warehouse_id = l.warehouse_id)`,
      'stock level unlike its ledger': `select count(*) from inventory.stock_levels k where k.on_hand <> coalesce((select sum(m.on_hand_delta) from inventory.stock_movements m where m.stock_level_id = k.id), 0)`,
      'SPU from price unlike its SKUs': `select count(*) from catalog.spus p where p.min_sale_price_amount <> (select min(s.price_amount) from catalog.skus s where s.spu_id = p.id)`,
    };
    const found: Record<string, number> = {};
    for (const [what, text] of Object.entries(violations)) found[what] = await one(text);
    expect(found).toEqual(Object.fromEntries(Object.keys(violations).map((k) => [k, 0])));
  });

  it('serves an admin order list page whose lines, SKUs, member and shipments resolve', async () => {
    const res = await t.gql<{
      orders: {
        totalCount: number;
        nodes: {
          id: string;
          status: string;
          payable: { amount: string };
          member: { name: string } | null;
          lines: { sku: { code: string; stock: { available: number | null } | null }; skuCode: string }[];
          shipments: { trackingNumber: string; status: string }[];
        }[];
      };
    }>(
      `query($filter: OrderFilter) { orders(first: 50, filter: $filter) { totalCount nodes { id status payable { amount } member { name } lines { skuCode sku { code stock { available } } } shipments { trackingNumber status } } } }`,
      { filter: { status: 'COMPLETED', createdFrom: '2025-01-01T00:00:00Z', createdTo: '2026-12-01T00:00:00Z' } },
      t.tokens.admin,
    );
    expect(res.errors).toBeUndefined();
    const page = res.data!.orders;
    expect(page.totalCount).toBeGreaterThan(100);
    expect(page.nodes).toHaveLength(50);
    for (const order of page.nodes) {
      expect(order.status).toBe('COMPLETED');
      expect(order.member?.name).toBeTruthy();
      expect(order.lines.length).toBeGreaterThan(0);
      for (const line of order.lines) expect(line.sku.code).toBe(line.skuCode);
      expect(order.shipments.map((s) => s.status)).toEqual(['DELIVERED']);
    }
  });

  it('does nothing when run again', async () => {
    const before = await one(`select count(*) from orders.order_lines`);
    const reports = await seedScale({ database: t.testDb.database, url: t.testDb.url, scale, quiet: true });
    expect(reports.every((r) => r.skipped)).toBe(true);
    expect(await one(`select count(*) from orders.order_lines`)).toBe(before);
  });

  it('refuses another scale in the same database', async () => {
    await expect(seedScale({ database: t.testDb.database, url: t.testDb.url, scale: SCALES.medium, quiet: true })).rejects.toThrow(
      t.testDb.url ? /holds the tiny scale/ : /needs PostgreSQL/,
    );
  });
});
