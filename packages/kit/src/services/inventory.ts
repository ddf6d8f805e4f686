import { serviceOperation } from '../serviceClient.ts';
import type { UserError } from '../userErrors.ts';

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
export const reserveStock = serviceOperation<
  { input: { orderId: string; lines: StockLineInput[]; expiresAt: string } },
  { reserveStock: { reservation: StockReservation | null; userErrors: UserError[] } }
>(
  'inventory',
  /* GraphQL */ `mutation ReserveStock($input: ReserveStockInput!) {
    reserveStock(input: $input) { reservation { ${RESERVATION_FIELDS} } userErrors { field code message } }
  }`,
);

/** The order is paid: the reservation no longer expires. Idempotent. */
export const commitReservation = serviceOperation<
  { input: { orderId: string } },
  { commitReservation: { reservation: StockReservation | null; userErrors: UserError[] } }
>(
  'inventory',
  /* GraphQL */ `mutation CommitReservation($input: CommitReservationInput!) {
    commitReservation(input: $input) { reservation { ${RESERVATION_FIELDS} } userErrors { field code message } }
  }`,
);

/** The order is cancelled: unshipped units become available again. Idempotent. */
export const releaseReservation = serviceOperation<
  { input: { orderId: string; reason: string } },
  { releaseReservation: { reservation: StockReservation | null; userErrors: UserError[] } }
>(
  'inventory',
  /* GraphQL */ `mutation ReleaseReservation($input: ReleaseReservationInput!) {
    releaseReservation(input: $input) { reservation { ${RESERVATION_FIELDS} } userErrors { field code message } }
  }`,
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
export const createOutboundOrder = serviceOperation<
  { input: { shippingNoticeId: string; orderId: string; warehouseId: string; lines: StockLineInput[] } },
  { createOutboundOrder: { outboundOrder: OutboundOrderSummary | null; userErrors: UserError[] } }
>(
  'inventory',
  /* GraphQL */ `
    mutation CreateOutboundOrder($input: CreateOutboundOrderInput!) {
      createOutboundOrder(input: $input) {
        outboundOrder {
          id
          shippingNoticeId
          orderId
          warehouseId
          status
          lines {
            skuId
            quantity
          }
        }
        userErrors {
          field
          code
          message
        }
      }
    }
  `,
);

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
export const withdrawReservedUnits = serviceOperation<
  { input: { key: string; orderId: string; skuId: string; quantity: number; reason: string } },
  { withdrawReservedUnits: { withdrawal: ReservedUnitsWithdrawal | null; userErrors: UserError[] } }
>(
  'inventory',
  /* GraphQL */ `
    mutation WithdrawReservedUnits($input: WithdrawReservedUnitsInput!) {
      withdrawReservedUnits(input: $input) {
        withdrawal {
          orderId
          skuId
          quantity
          outboundOrderId
          outboundStatus
        }
        userErrors {
          field
          code
          message
        }
      }
    }
  `,
);

/** 退货入库: a RETURN inbound receipt at the warehouse that shipped the units; once per key (the after-sale request). */
export const openReturnReceipt = serviceOperation<
  { input: { key: string; orderId: string; skuId: string; quantity: number } },
  { openReturnReceipt: { inboundReceipt: { id: string; status: string } | null; userErrors: UserError[] } }
>(
  'inventory',
  /* GraphQL */ `
    mutation OpenReturnReceipt($input: OpenReturnReceiptInput!) {
      openReturnReceipt(input: $input) {
        inboundReceipt {
          id
          status
        }
        userErrors {
          field
          code
          message
        }
      }
    }
  `,
);

/** 采购入库: a PURCHASE_ORDER receipt for a purchase order's delivery; once per key ("<purchase order id>/<n>"). */
export const openPurchaseReceipt = serviceOperation<
  { input: { key: string; warehouseId: string; lines: { skuId: string; expectedQuantity: number; acceptUpTo: number | null }[] } },
  { openPurchaseReceipt: { inboundReceipt: { id: string; status: string } | null; userErrors: UserError[] } }
>(
  'inventory',
  /* GraphQL */ `
    mutation OpenPurchaseReceipt($input: OpenPurchaseReceiptInput!) {
      openPurchaseReceipt(input: $input) {
        inboundReceipt {
          id
          status
        }
        userErrors {
          field
          code
          message
        }
      }
    }
  `,
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
