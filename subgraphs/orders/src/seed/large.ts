import {
  bigId,
  carrierOf,
  childId,
  decimal,
  hasPayment,
  load,
  type OrderBlock,
  orderBlocks,
  orderIds,
  PAYMENT_TIMEOUT,
  type PlannedOrder,
  type PlannedStatus,
  refundLines,
  type Rows,
  SEED_COUPON_SOURCE,
  type Stage,
} from '@zhongtai/kit/largeSeed';
import { checkouts, orderLines, orderRefundRequests, orders, orderShipments, orderStatusChanges } from '../db/tables.ts';

type Change = { from: PlannedStatus | null; to: PlannedStatus; at: Date; actor: string; reason: string | null };

/** The status history the state machine would have written for this order. */
export function historyOf(o: PlannedOrder): Change[] {
  const customer = `customer:${o.memberId}`;
  const ids = orderIds(o.n);
  const out: Change[] = [{ from: null, to: 'PENDING_PAYMENT', at: o.createdAt, actor: customer, reason: null }];
  if (!o.paidAt) {
    if (o.status === 'CANCELLED')
      out.push({ from: 'PENDING_PAYMENT', to: 'CANCELLED', at: o.cancelledAt!, actor: customer, reason: '买家取消 Customer cancelled' });
    if (o.status === 'CLOSED') out.push({ from: 'PENDING_PAYMENT', to: 'CLOSED', at: o.cancelledAt!, actor: 'system', reason: 'not paid in time' });
    return out;
  }
  out.push({ from: 'PENDING_PAYMENT', to: 'PAID', at: o.paidAt, actor: 'system', reason: `payment ${ids.payment}` });
  if (o.status === 'CANCELLED') {
    out.push({ from: 'PAID', to: 'CANCELLED', at: o.cancelledAt!, actor: customer, reason: '买家申请取消 Customer cancelled before shipping' });
    return out;
  }
  if (o.shippedAt) out.push({ from: 'PAID', to: 'SHIPPED', at: o.shippedAt, actor: 'system', reason: `shipment ${ids.shipment}` });
  if (o.deliveredAt) out.push({ from: 'SHIPPED', to: 'DELIVERED', at: o.deliveredAt, actor: 'system', reason: `shipment ${ids.shipment} delivered` });
  if (o.completedAt)
    out.push({
      from: 'DELIVERED',
      to: 'COMPLETED',
      at: o.completedAt,
      actor: o.confirmedByCustomer ? customer : 'system',
      reason: o.confirmedByCustomer ? '确认收货 Receipt confirmed' : '自动确认收货 Confirmed automatically',
    });
  return out;
}

/**
 * 订单号 as the order center writes it (the day in China time, then ten digits), from a range the
 * live sequence will not reach for a long while, so seeded and live numbers never collide.
 */
const SEEDED_NUMBERS_FROM = 5_000_000_000;
function orderNumber(createdAt: Date, n: number): string {
  const china = new Date(createdAt.getTime() + 8 * 3600_000).toISOString();
  return `${china.slice(2, 4)}${china.slice(5, 7)}${china.slice(8, 10)}${String(SEEDED_NUMBERS_FROM + n).padStart(10, '0')}`;
}

const lastChange = (o: PlannedOrder) => o.refundedAt ?? o.completedAt ?? o.deliveredAt ?? o.shippedAt ?? o.cancelledAt ?? o.paidAt ?? o.createdAt;

/** 订单: one checkout per order, its lines, status history, parcels and refund requests. */
export const ordersStage: Stage<OrderBlock> = {
  name: 'orders',
  estimate: (world) => Math.round(world.scale.orders * 10.4),
  blocks: orderBlocks,
  tables: [
    load(checkouts, function* ({ plans }: OrderBlock): Rows<typeof checkouts> {
      for (const o of plans) {
        const ids = orderIds(o.n);
        const pay = hasPayment(o);
        yield {
          id: ids.checkout,
          memberId: o.memberId,
          idempotencyKey: `large-${o.n}`,
          requestHash: o.n.toString(16).padStart(64, '0'),
          status: 'PLACED',
          payableAmount: o.payableAmount,
          currency: 'CNY',
          couponCode: o.discountAmount ? 'LARGESEED' : null,
          pointsUsed: 0,
          paymentId: pay ? ids.payment : null,
          payUrl: pay ? `https://pay.sandbox.example/pay?ref=sbx_large_${o.n}` : null,
          createdAt: o.createdAt,
          updatedAt: o.createdAt,
        };
      }
    }),
    load(orders, function* ({ plans }: OrderBlock): Rows<typeof orders> {
      for (const o of plans) {
        const ids = orderIds(o.n);
        yield {
          id: ids.order,
          orderNumber: orderNumber(o.createdAt, o.n),
          checkoutId: ids.checkout,
          shopId: o.shop.id,
          memberId: o.memberId,
          type: 'NORMAL',
          status: o.status,
          address: o.address,
          currency: 'CNY',
          itemsAmount: o.itemsAmount,
          discountAmount: o.discountAmount,
          freightAmount: o.freightAmount,
          payableAmount: o.payableAmount,
          refundedAmount: o.refundedAmount,
          depositAmount: 0n,
          paymentDueAt: new Date(o.createdAt.getTime() + PAYMENT_TIMEOUT),
          paidAt: o.paidAt,
          shippedAt: o.shippedAt,
          deliveredAt: o.deliveredAt,
          completedAt: o.completedAt,
          cancelledAt: o.cancelledAt,
          createdAt: o.createdAt,
          updatedAt: lastChange(o),
        };
      }
    }),
    load(orderLines, function* ({ plans }: OrderBlock): Rows<typeof orderLines> {
      for (const o of plans) {
        const ids = orderIds(o.n);
        const fulfillment = o.deliveredAt ? 'DELIVERED' : o.shippedAt ? 'SHIPPED' : 'UNFULFILLED';
        for (let k = 0; k < o.lines.length; k++) {
          const l = o.lines[k]!;
          yield {
            id: ids.line(k),
            orderId: ids.order,
            position: k,
            skuId: l.sku.id,
            spuId: l.sku.spu.id,
            spuName: l.sku.spu.name,
            skuCode: l.sku.code,
            salesAttributes: l.sku.salesAttributes,
            productType: 'PHYSICAL',
            quantity: l.quantity,
            currency: 'CNY',
            unitPrice: l.sku.price,
            discounts: l.discount ? [{ source: SEED_COUPON_SOURCE, sourceId: null, amount: decimal(l.discount) }] : [],
            finalAmount: l.finalAmount,
            refundedAmount: l.refunded,
            warehouseId: o.warehouseId,
            fulfillment,
            shippedQuantity: o.shippedAt ? l.quantity : 0,
            orderCreatedAt: o.createdAt,
          };
        }
      }
    }),
    load(orderStatusChanges, function* ({ plans }: OrderBlock): Rows<typeof orderStatusChanges> {
      for (const o of plans) {
        const orderId = orderIds(o.n).order;
        let k = 0;
        for (const c of historyOf(o))
          yield { id: childId('osc', o.n, k++), orderId, fromStatus: c.from, toStatus: c.to, reason: c.reason, actor: c.actor, createdAt: c.at };
      }
    }),
    load(orderShipments, function* ({ plans }: OrderBlock): Rows<typeof orderShipments> {
      for (const o of plans) {
        if (!o.shippedAt) continue;
        const ids = orderIds(o.n);
        const carrier = carrierOf(o);
        yield {
          shipmentId: ids.shipment,
          orderId: ids.order,
          carrierCode: carrier.code,
          trackingNumber: carrier.trackingNumber,
          lines: o.lines.map((l, k) => ({ orderLineId: ids.line(k), quantity: l.quantity })),
          shippedAt: o.shippedAt,
          deliveredAt: o.deliveredAt,
        };
      }
    }),
    load(orderRefundRequests, function* ({ plans }: OrderBlock): Rows<typeof orderRefundRequests> {
      for (const o of plans) {
        if (!o.refundedAt) continue;
        const ids = orderIds(o.n);
        yield {
          id: bigId('orr', o.n),
          orderId: ids.order,
          idempotencyKey: 'large-seed-refund',
          amount: o.refundedAmount,
          lines: refundLines(o),
          refundId: ids.refund,
          createdAt: o.refundedAt,
        };
      }
    }),
  ],
};
