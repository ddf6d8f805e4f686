import type { RequestContext } from '../context.ts';
import type { CurrencyCode, Money } from '../money.ts';
import { serviceMutation, serviceOperation } from '../serviceClient.ts';

/** The order center's internal API, as other centers call it. */
export interface OrderParties {
  id: string;
  memberId: string;
  shopIds: string[];
}

/** The member and shops of checkouts, orders or order lines, by any of those ids; unknown ids are left out. */
export const orderParties = serviceOperation<{ ids: string[] }, { orderParties: OrderParties[] }>(
  'orders',
  /* GraphQL */ `
    query OrderParties($ids: [ID!]!) {
      orderParties(ids: $ids) {
        id
        memberId
        shopIds
      }
    }
  `,
);

/** Which of the members have ordered from the shop. */
export const shopBuyers = serviceOperation<{ shopId: string; memberIds: string[] }, { shopBuyers: string[] }>(
  'orders',
  /* GraphQL */ `
    query ShopBuyers($shopId: ID!, $memberIds: [ID!]!) {
      shopBuyers(shopId: $shopId, memberIds: $memberIds)
    }
  `,
);

/** The shops of a checkout or order, batched per request (a page of payments asks once). */
export async function shopsOfOrder(ctx: RequestContext, id: string): Promise<string[]> {
  const loader = ctx.loaders.get<string, string[]>('orders.service.parties', async (ids) => {
    const { orderParties: found } = await ctx.services.call(orderParties, { ids: [...new Set(ids)] });
    const byId = new Map(found.map((p) => [p.id, p.shopIds]));
    return ids.map((i) => byId.get(i) ?? []);
  });
  return loader.load(id);
}

/** Whether the member has ordered from the shop, batched per request and shop. */
export async function isShopBuyer(ctx: RequestContext, shopId: string, memberId: string): Promise<boolean> {
  const loader = ctx.loaders.get<string, boolean>(`orders.service.buyers:${shopId}`, async (memberIds) => {
    const { shopBuyers: found } = await ctx.services.call(shopBuyers, { shopId, memberIds: [...new Set(memberIds)] });
    return memberIds.map((m) => found.includes(m));
  });
  return loader.load(memberId);
}

export interface AfterSaleOrderLine {
  id: string;
  skuId: string;
  spuId: string;
  productType: 'PHYSICAL' | 'SERVICE' | 'PHYSICAL_WITH_SERVICE';
  quantity: number;
  shippedQuantity: number;
  refundedQuantity: number;
  fulfillment: 'UNFULFILLED' | 'PARTIALLY_SHIPPED' | 'SHIPPED' | 'DELIVERED' | 'VOUCHERED';
  finalAmount: Money;
  refunded: Money;
}

export interface AfterSaleOrder {
  id: string;
  shopId: string;
  memberId: string;
  status: 'PENDING_PAYMENT' | 'PAID' | 'SHIPPED' | 'DELIVERED' | 'COMPLETED' | 'CANCELLED' | 'CLOSED';
  currencyCode: CurrencyCode;
  deliveredAt: string | null;
  /** When the customer confirmed receipt (or it was confirmed automatically); the reviews center's window runs from it. */
  completedAt: string | null;
  lines: AfterSaleOrderLine[];
}

/** What the after-sales center checks a request against: parties, status, delivery and each line's amounts. */
export const afterSaleOrder = serviceOperation<{ id: string }, { afterSaleOrder: AfterSaleOrder | null }>(
  'orders',
  /* GraphQL */ `
    query AfterSaleOrder($id: ID!) {
      afterSaleOrder(id: $id) {
        id
        shopId
        memberId
        status
        currencyCode
        deliveredAt
        completedAt
        lines {
          id
          skuId
          spuId
          productType
          quantity
          shippedQuantity
          refundedQuantity
          fulfillment
          finalAmount {
            amount
            currencyCode
          }
          refunded {
            amount
            currencyCode
          }
        }
      }
    }
  `,
);

export interface RefundAfterSaleInput {
  requestId: string;
  /** Which sending of the request's refund this is (1 first; after-sales counts an operator's retries): each attempt is a refund of its own. */
  attempt?: number | null;
  orderId: string;
  orderLineId: string;
  quantity: number;
  amount: Money;
  reason: string;
  units: 'WITHDRAWN' | 'RETURNED' | 'KEPT';
}

/**
 * An approved after-sale request's refund, through the order center's refund path (the same as
 * refundOrder): the line records the units; once per request id and attempt (the same attempt
 * sent again is the same refund). A refund the provider declines gives the line its room back.
 * Once the refund succeeded, orders takes back the points, returns the coupon of a fully refunded
 * checkout and closes a paid order whose every unit was withdrawn.
 */
export const refundAfterSale = serviceMutation<'refundAfterSale', RefundAfterSaleInput, { refundId: string | null; status: string | null }>(
  'orders',
  'refundAfterSale',
  'refundId status',
);

/**
 * The order center's key of an after-sale refund attempt. The first attempt keeps the key refunds
 * were sent with before attempts were counted, so a request sent before then is still recognised.
 */
export function afterSaleRefundKey(requestId: string, attempt: number): string {
  return attempt > 1 ? `aftersale:${requestId}:${attempt}` : `aftersale:${requestId}`;
}

/**
 * The request and attempt of a payment refund's idempotency key (`<order>:<afterSaleRefundKey>`,
 * as orders sends it), or null for any other refund (a merchant's, a cancellation's, freight).
 */
export function afterSaleRefundOfKey(paymentKey: string): { orderId: string; requestId: string; attempt: number } | null {
  const [, orderId, requestId, attempt] = /^([^:]+):aftersale:([^:]+)(?::(\d+))?$/.exec(paymentKey) ?? [];
  if (!orderId || !requestId || requestId === 'freight') return null;
  return { orderId, requestId, attempt: attempt ? Number(attempt) : 1 };
}

/**
 * The key orders refunds expired service vouchers with (their product's auto-refund on expiry):
 * one refund per expiry batch of a line, named by its first voucher. The payment refund's key is
 * `<order>:<this>`; fulfillment voids nothing for it (the vouchers are EXPIRED already).
 */
export const expiredVoucherRefundKey = (orderLineId: string, firstVoucherId: string) => `voucher-expiry:${orderLineId}:${firstVoucherId}`;
export const isExpiredVoucherRefundKey = (paymentKey: string) => /^[^:]+:voucher-expiry:/.test(paymentKey);

/** A paid shop order as analytics replays it: the OrderPaid it announced (JSON) and its status now. */
export interface SoldOrder {
  id: string;
  status: string;
  paid: string;
}

/** Paid shop orders by id after `after` (analytics' rebuild and check), at most 500 a page. */
export const soldOrders = serviceOperation<
  { after?: string | null; first: number; paidFrom?: string | null; paidTo?: string | null },
  { soldOrders: SoldOrder[] }
>(
  'orders',
  /* GraphQL */ `
    query SoldOrders($after: ID, $first: Int!, $paidFrom: DateTime, $paidTo: DateTime) {
      soldOrders(after: $after, first: $first, paidFrom: $paidFrom, paidTo: $paidTo) {
        id
        status
        paid
      }
    }
  `,
);
