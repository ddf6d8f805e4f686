import { serviceMutation, serviceOperation } from '../serviceClient.ts';

/**
 * The inventory center's internal API, as other centers call it: the order center reserves,
 * commits and releases stock; the fulfillment center creates outbound orders.
 */
export type ReservationStatus = 'ACTIVE' | 'COMMITTED' | 'RELEASED';

/** Where one order line's units are held: a line is served by exactly one warehouse. */
export interface StockAllocation {
  lineIndex: number;
  skuId: string;
  warehouseId: string;
  quantity: number;
  shippedQuantity: number;
}

export interface StockReservation {
  id: string;
  orderId: string;
  status: ReservationStatus;
  expiresAt: string;
  releaseReason: string | null;
  allocations: StockAllocation[];
}

export interface StockLineInput {
  skuId: string;
  quantity: number;
}

const RESERVATION_FIELDS = 'id orderId status expiresAt releaseReason allocations { lineIndex skuId warehouseId quantity shippedQuantity }';

/**
 * Holds stock for every line of an order, or for none (userErrors OUT_OF_STOCK / NOT_FOUND).
 * Calling again for the same order returns the existing reservation and holds nothing more.
 * An ACTIVE reservation is released automatically at `expiresAt` (ISO-8601).
 */
export const reserveStock = serviceMutation<
  'reserveStock',
  { orderId: string; lines: StockLineInput[]; expiresAt: string },
  { reservation: StockReservation | null }
>('inventory', 'reserveStock', `reservation { ${RESERVATION_FIELDS} }`);

/** The order is paid: the reservation no longer expires. Idempotent. */
export const commitReservation = serviceMutation<'commitReservation', { orderId: string }, { reservation: StockReservation | null }>(
  'inventory',
  'commitReservation',
  `reservation { ${RESERVATION_FIELDS} }`,
);

/** The order is cancelled: unshipped units become available again. Idempotent. */
export const releaseReservation = serviceMutation<'releaseReservation', { orderId: string; reason: string }, { reservation: StockReservation | null }>(
  'inventory',
  'releaseReservation',
  `reservation { ${RESERVATION_FIELDS} }`,
);

export interface OutboundOrderSummary {
  id: string;
  shippingNoticeId: string;
  orderId: string;
  warehouseId: string;
  status: 'CREATED' | 'PICKED' | 'PACKED' | 'SHIPPED' | 'CANCELLED';
  lines: StockLineInput[];
}

/**
 * A warehouse job for a shipping notice: the lines must be held by the order's committed
 * reservation in that warehouse. One per shipping notice: calling again returns the same order.
 */
export const createOutboundOrder = serviceMutation<
  'createOutboundOrder',
  { shippingNoticeId: string; orderId: string; warehouseId: string; lines: StockLineInput[] },
  { outboundOrder: OutboundOrderSummary | null }
>('inventory', 'createOutboundOrder', 'outboundOrder { id shippingNoticeId orderId warehouseId status lines { skuId quantity } }');

export interface ReservedUnitsWithdrawal {
  orderId: string;
  skuId: string;
  quantity: number;
  outboundOrderId: string | null;
  outboundStatus: OutboundOrderSummary['status'] | null;
}

/**
 * Units of a paid order that will not ship (refunded before they left): off its open outbound
 * order, no longer reserved. Once per key; units already shipped are refused (INVALID_TRANSITION).
 */
export const withdrawReservedUnits = serviceMutation<
  'withdrawReservedUnits',
  { key: string; orderId: string; skuId: string; quantity: number; reason: string },
  { withdrawal: ReservedUnitsWithdrawal | null }
>('inventory', 'withdrawReservedUnits', 'withdrawal { orderId skuId quantity outboundOrderId outboundStatus }');

export interface InboundReceiptSummary {
  id: string;
  status: string;
}

const INBOUND_RECEIPT_FIELDS = 'inboundReceipt { id status }';

/** 退货入库: a RETURN inbound receipt at the warehouse that shipped the units; once per key (the after-sale request). */
export const openReturnReceipt = serviceMutation<
  'openReturnReceipt',
  { key: string; orderId: string; skuId: string; quantity: number },
  { inboundReceipt: InboundReceiptSummary | null }
>('inventory', 'openReturnReceipt', INBOUND_RECEIPT_FIELDS);

/** 采购入库: a PURCHASE_ORDER receipt for a purchase order's delivery; once per key ("<purchase order id>/<n>"). */
export const openPurchaseReceipt = serviceMutation<
  'openPurchaseReceipt',
  { key: string; warehouseId: string; lines: { skuId: string; expectedQuantity: number; acceptUpTo: number | null }[] },
  { inboundReceipt: InboundReceiptSummary | null }
>('inventory', 'openPurchaseReceipt', INBOUND_RECEIPT_FIELDS);

/** The purchase order was closed: its delivery's receipt, still EXPECTED, is CANCELLED; idempotent (null: no receipt under the key); RECEIVING is refused. */
export const cancelPurchaseReceipt = serviceMutation<'cancelPurchaseReceipt', { key: string }, { inboundReceipt: InboundReceiptSummary | null }>(
  'inventory',
  'cancelPurchaseReceipt',
  INBOUND_RECEIPT_FIELDS,
);

export interface ReplenishmentStock {
  stockLevelId: string;
  skuId: string;
  warehouseId: string;
  shopId: string;
  onHand: number;
  available: number;
  safetyStock: number;
  /** Units shipped out (OUTBOUND movements) since `since`. */
  shippedSince: number;
}

/** Stock levels under their safety stock (one page by level id), with their outbound units since `since`. */
export const replenishmentStock = serviceOperation<
  { since: string; skuId?: string | null; warehouseId?: string | null; after?: string | null; first?: number | null },
  { replenishmentStock: ReplenishmentStock[] }
>(
  'inventory',
  /* GraphQL */ `
    query ReplenishmentStock($since: DateTime!, $skuId: ID, $warehouseId: ID, $after: ID, $first: Int) {
      replenishmentStock(since: $since, skuId: $skuId, warehouseId: $warehouseId, after: $after, first: $first) {
        stockLevelId
        skuId
        warehouseId
        shopId
        onHand
        available
        safetyStock
        shippedSince
      }
    }
  `,
);

/** What one SKU has available in each active warehouse (after-sales: can an exchange be served?). */
export const skuStock = serviceOperation<
  { representations: { __typename: 'Sku'; id: string }[] },
  { _entities: ({ id: string; stock: { inStock: boolean; warehouses: { available: number }[] | null } | null } | null)[] }
>(
  'inventory',
  /* GraphQL */ `
    query SkuStock($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on Sku {
          id
          stock {
            inStock
            warehouses {
              available
            }
          }
        }
      }
    }
  `,
);

export interface ReservationResize {
  orderId: string;
  skuId: string;
  warehouseId: string;
  from: number;
  to: number;
}

/**
 * An unpaid order's line changes quantity (an order edit; 0 removes it): more units reserved in
 * the line's warehouse (OUT_OF_STOCK changes nothing) or fewer held. Once per key; an order no
 * longer ACTIVE (paid, released) is refused INVALID_TRANSITION.
 */
export const resizeReservation = serviceMutation<
  'resizeReservation',
  { key: string; orderId: string; skuId: string; quantity: number; reason: string },
  { resize: ReservationResize | null }
>('inventory', 'resizeReservation', 'resize { orderId skuId warehouseId from to }');
