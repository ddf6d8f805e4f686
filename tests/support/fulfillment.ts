import { randomBytes } from 'node:crypto';
import { inventoryService, newId, seedId, signCallback, type OrderPaidEvent } from '@zhongtai/kit';
import type { TestGraph } from './graph.ts';

/**
 * Helpers for the dispatch journey through the whole graph: stock put into fresh platform
 * warehouses through inventory's public API, stock reserved and committed through inventory's
 * service contract (as the order center does), and OrderPaid published into an outbox (the order
 * center is not part of this graph yet), then relayed.
 */
export const RUN = randomBytes(3).toString('hex');
export const SANDBOX_SECRET = 'sandbox-carrier-demo-secret';
/** Demo SKUs of shop 1 (physical goods; see inventory's seed). */
export const demoSku = (n: number) => seedId('sku', n);

export async function must<T = Record<string, any>>(t: TestGraph, query: string, variables: Record<string, unknown>, token = t.tokens.admin): Promise<T> {
  const response = await t.gql<T>(query, variables, token);
  if (response.errors?.length) throw new Error(JSON.stringify(response.errors));
  for (const payload of Object.values(response.data as Record<string, any>)) {
    if (payload?.userErrors?.length) throw new Error(JSON.stringify(payload.userErrors));
  }
  return response.data!;
}

let warehouses = 0;
/** A platform warehouse chosen before every demo warehouse (priority 0, 1, ...). */
export async function warehouseWith(t: TestGraph, stock: { skuId: string; quantity: number }[]): Promise<string> {
  const n = warehouses++;
  const wh = await must(t, 'mutation($i: CreateWarehouseInput!) { createWarehouse(input: $i) { warehouse { id } userErrors { code message } } }', {
    i: { code: `FT-${RUN}-${n}`, name: `发货测试仓 ${n}`, province: '江苏', city: '苏州', address: `测试路 ${n} 号`, priority: n },
  });
  const warehouseId = wh.createWarehouse.warehouse.id as string;
  const receipt = await must(
    t,
    'mutation($i: CreateInboundReceiptInput!) { createInboundReceipt(input: $i) { inboundReceipt { id } userErrors { code message } } }',
    {
      i: { warehouseId, source: 'MANUAL', lines: stock.map((s) => ({ skuId: s.skuId, expectedQuantity: s.quantity })) },
    },
  );
  const id = receipt.createInboundReceipt.inboundReceipt.id as string;
  await must(t, 'mutation($i: ReceiveInboundReceiptInput!) { receiveInboundReceipt(input: $i) { inboundReceipt { id } userErrors { code message } } }', {
    i: { id, lines: stock.map((s) => ({ skuId: s.skuId, quantity: s.quantity, quality: 'GOOD' })) },
  });
  await must(t, 'mutation($i: InboundReceiptActionInput!) { putAwayInboundReceipt(input: $i) { inboundReceipt { id } userErrors { code message } } }', {
    i: { id },
  });
  return warehouseId;
}

/** Reserves and commits (paid) through inventory's contract; returns where each line is held. */
export async function reserveAndCommit(t: TestGraph, orderId: string, lines: { skuId: string; quantity: number }[]) {
  const client = t.graph.host!.serviceClient('orders');
  const expiresAt = new Date(Date.now() + 3600_000).toISOString();
  const reserved = (await client.call(inventoryService.reserveStock, { input: { orderId, lines, expiresAt } })).reserveStock;
  if (!reserved.reservation) throw new Error(JSON.stringify(reserved.userErrors));
  const committed = (await client.call(inventoryService.commitReservation, { input: { orderId } })).commitReservation;
  if (!committed.reservation) throw new Error(JSON.stringify(committed.userErrors));
  return committed.reservation.allocations;
}

export const newOrderId = () => newId('ord');

export function orderPaid(orderId: string, shopId: string, lines: OrderPaidEvent['lines']): OrderPaidEvent {
  return {
    orderId,
    parentOrderId: null,
    shopId,
    memberId: seedId('mbr', 1),
    address: { receiver: '张三', phone: '13800000000', province: '上海', city: '上海', district: '浦东新区', detail: '世纪大道 1 号' },
    lines,
    paidAt: new Date().toISOString(),
    // Dispatch tests make paid orders without a payment: finance hears of them with no money.
    money: {
      currencyCode: 'CNY',
      payable: '0.00',
      freight: '0.00',
      deposit: '0.00',
      lines: lines.map((l) => ({
        orderLineId: l.orderLineId,
        skuId: l.skuId,
        finalAmount: '0.00',
        platformDiscount: '0.00',
        shopDiscount: '0.00',
        points: '0.00',
      })),
    },
  };
}

/** Publishes OrderPaid through an outbox inside a transaction, as the order center will. */
export async function publishOrderPaid(t: TestGraph, event: OrderPaidEvent): Promise<void> {
  const ctx = await t.graph.host!.contextFor('fulfillment', { role: 'SERVICE', subject: 'service:orders' });
  await ctx.db.transaction((tx) => ctx.events.publish(tx, 'OrderPaid', event));
  await t.graph.host!.bus!.relayNow();
}

export function hookUrl(t: TestGraph, carrier = 'SANDBOX'): string {
  return `${new URL(t.graph.url).origin}/hooks/fulfillment/carrier/tracking?carrier=${carrier}`;
}

/** A carrier callback as a carrier would send it; `secret` and `timestamp` can be wrong on purpose. */
export async function carrierCallback(
  t: TestGraph,
  event: Record<string, unknown>,
  { secret = SANDBOX_SECRET, timestamp = Math.floor(Date.now() / 1000) } = {},
) {
  const body = JSON.stringify(event);
  const response = await fetch(hookUrl(t), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-carrier-timestamp': String(timestamp), 'x-carrier-signature': signCallback(secret, timestamp, body) },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
