import type { Sql } from 'postgres';
import { newId } from '@zhongtai/kit';
import type { FloorResult, Request } from './scenario.ts';

/**
 * The write floor of S5: the rows one placeOrder leaves behind, written by hand-written SQL in one
 * transaction per order (what the database alone costs to take an order). Read the SKU's price,
 * reserve one unit where it is available (the same locked, guarded update that keeps stock from
 * overselling), then write the checkout, its order, line and first status, the reservation with
 * its allocation and stock movement, the payment, the risk counters and assessment, and the
 * outbox rows (OrderPlaced, the unpaid-close job, the reservation's expiry job). No pricing rules,
 * promotions or risk rules are evaluated: the floor is the storage, not the business logic.
 */
export async function placeOrderFloor(sql: Sql, request: Request): Promise<FloorResult> {
  const input = request.variables.input as { idempotencyKey: string; lines: { skuId: string; quantity: number }[]; address: Record<string, string> };
  const memberId = request.caller.memberId!;
  const { skuId, quantity } = input.lines[0]!;
  let statements = 0;
  // The key is prefixed: the graph's run before drew the same requests (same seed) for the same members.
  const orderId = await sql.begin(async (tx) => {
    statements += 2; // begin, commit
    const [sku] = await tx`
      select k.id, k.spu_id, k.shop_id, k.code, k.sales_attributes, k.price_amount, k.price_currency, p.name, p.product_type, p.category_id, p.brand_id
      from catalog.skus k join catalog.spus p on p.id = k.spu_id
      where k.id = ${skuId} and k.status = 'ACTIVE' and p.status = 'ON_SALE'`;
    statements++;
    if (!sku) throw new Error(`SKU ${skuId} is not buyable`);
    // The warehouse with most available, locked; the guard is checked again on the locked row.
    const [level] = await tx`
      update inventory.stock_levels l set reserved = l.reserved + ${quantity}, updated_at = now()
      where l.id = (
        select s.id from inventory.stock_levels s join inventory.warehouses w on w.id = s.warehouse_id and w.status = 'ACTIVE'
        where s.sku_id = ${skuId} and s.on_hand - s.reserved >= ${quantity}
        order by s.on_hand - s.reserved desc limit 1 for update of s)
      and l.on_hand - l.reserved >= ${quantity}
      returning l.id, l.warehouse_id, l.shop_id, l.on_hand, l.reserved`;
    statements++;
    if (!level) throw new Error(`SKU ${skuId} is out of stock`);

    const now = new Date();
    const ids = {
      checkout: newId('chk'),
      order: newId('ord'),
      line: newId('oln'),
      change: newId('osc'),
      reservation: newId('rsv'),
      allocation: newId('ral'),
      movement: newId('mov'),
      payment: newId('pay'),
      assessment: newId('ras'),
    };
    const amount = (BigInt(sku.price_amount as string) * BigInt(quantity)).toString();
    const currency = sku.price_currency as string;
    const dueAt = new Date(now.getTime() + 1800_000);
    const bucket = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    const addressKey = [input.address.province, input.address.city, input.address.district, input.address.detail].join('|');
    const payable = (Number(amount) / 100).toFixed(2); // display only: the floor's CNY amounts fit a double
    const json = (value: unknown) => tx.json(value as never);
    // The writes do not depend on each other's answers: sent together, one round trip.
    const writes = [
      tx`insert into orders.checkouts (id, member_id, idempotency_key, request_hash, status, payable_amount, currency, payment_id, pay_url)
         values (${ids.checkout}, ${memberId}, ${'floor-' + input.idempotencyKey}, ${input.idempotencyKey}, 'PLACED', ${amount}, ${currency}, ${ids.payment}, ${'https://pay/' + ids.payment})`,
      tx`insert into orders.orders (id, checkout_id, shop_id, member_id, address, currency, items_amount, discount_amount, freight_amount, payable_amount, payment_due_at)
         values (${ids.order}, ${ids.checkout}, ${sku.shop_id}, ${memberId}, ${json(input.address)}, ${currency}, ${amount}, 0, 0, ${amount}, ${dueAt})`,
      tx`insert into orders.order_lines (id, order_id, position, sku_id, spu_id, spu_name, sku_code, sales_attributes, product_type, quantity, currency, unit_price, discounts, final_amount, warehouse_id, category_id, brand_id, order_created_at)
         values (${ids.line}, ${ids.order}, 0, ${skuId}, ${sku.spu_id}, ${sku.name}, ${sku.code}, ${json(sku.sales_attributes)}, ${sku.product_type}, ${quantity}, ${currency}, ${sku.price_amount}, ${json([])}, ${amount}, ${level.warehouse_id}, ${sku.category_id}, ${sku.brand_id}, now())`,
      tx`insert into orders.order_status_changes (id, order_id, to_status, actor) values (${ids.change}, ${ids.order}, 'PENDING_PAYMENT', ${'customer:' + memberId})`,
      tx`insert into orders.outbox (id, kind, topic, payload, start_after, singleton_key) values
         (${newId('obx')}, 'event', 'OrderPlaced', ${json({ orderId: ids.order, parentOrderId: ids.checkout, shopId: sku.shop_id, memberId, type: 'NORMAL', payable, currencyCode: currency, lines: [{ orderLineId: ids.line, skuId, quantity, finalAmount: payable }], placedAt: now.toISOString() })}, null, null),
         (${newId('obx')}, 'job', 'closeUnpaid', ${json({ checkoutId: ids.checkout })}, ${dueAt}, ${ids.checkout})`,
      tx`insert into inventory.reservations (id, order_id, expires_at) values (${ids.reservation}, ${ids.order}, ${new Date(dueAt.getTime() + 300_000)})`,
      tx`insert into inventory.reservation_allocations (id, reservation_id, line_index, sku_id, warehouse_id, stock_level_id, quantity)
         values (${ids.allocation}, ${ids.reservation}, 0, ${skuId}, ${level.warehouse_id}, ${level.id}, ${quantity})`,
      tx`insert into inventory.stock_movements (id, stock_level_id, sku_id, warehouse_id, shop_id, type, on_hand_delta, reserved_delta, on_hand_after, reserved_after, reference_type, reference_id, actor)
         values (${ids.movement}, ${level.id}, ${skuId}, ${level.warehouse_id}, ${level.shop_id}, 'RESERVE', 0, ${quantity}, ${level.on_hand}, ${level.reserved}, 'ORDER', ${ids.order}, 'service:orders')`,
      tx`insert into inventory.outbox (id, kind, topic, payload, start_after, singleton_key)
         values (${newId('obx')}, 'job', 'expireReservation', ${json({ reservationId: ids.reservation })}, ${new Date(dueAt.getTime() + 300_000)}, ${ids.reservation})`,
      tx`insert into payments.payments (id, order_id, member_id, purpose, amount, currency_code, provider, provider_payment_id, action_url, action_code, idempotency_key, request_fingerprint)
         values (${ids.payment}, ${ids.checkout}, ${memberId}, 'FULL', ${amount}, ${currency}, 'sandbox', ${'sbx_' + ids.payment}, ${'https://pay/' + ids.payment}, ${'sbx_' + ids.payment}, ${ids.checkout}, ${ids.checkout})`,
      tx`insert into risk.counters (dimension, key, bucket, count) values
         ('orders/member', ${memberId}, ${bucket}, 1), ('orders/address', ${addressKey}, ${bucket}, 1), ('orders/ip', '127.0.0.1', ${bucket}, 1)
         on conflict (dimension, key, bucket) do update set count = risk.counters.count + 1`,
      tx`insert into risk.assessments (id, kind, decision, score, fired_rules, inputs, member_id, subject_id)
         values (${ids.assessment}, 'ORDER', 'ALLOW', 0, ${json([])}, ${json({ memberId, orderId: ids.checkout, orderIds: [ids.order] })}, ${memberId}, ${ids.checkout})`,
      tx`insert into risk.assessment_orders (order_id, assessment_id) values (${ids.order}, ${ids.assessment})`,
    ];
    await Promise.all(writes);
    statements += writes.length;
    return ids.order;
  });
  return { ids: [orderId], rows: 1, statements };
}
