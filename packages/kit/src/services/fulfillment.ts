import type { VoucherRefundRule } from '../events/catalog.ts';
import type { Money, MoneyInput } from '../money.ts';
import { serviceMutation, serviceOperation } from '../serviceClient.ts';

/** The fulfillment center's internal API, as the order center calls it at checkout. */
export interface FreightQuoteInput {
  shopId: string;
  address: { province: string; city: string; district: string };
  lines: {
    skuId: string;
    quantity: number;
    productType: 'PHYSICAL' | 'SERVICE' | 'PHYSICAL_WITH_SERVICE';
    weightGrams: number;
    volumeCm3: number;
    /** The line's amount after discounts: free-shipping thresholds look at it. */
    amount: MoneyInput;
  }[];
}

export interface FreightQuote {
  deliverable: boolean;
  /** Why not, when not deliverable (e.g. the province is excluded). */
  reason: string | null;
  freight: Money;
  templateId: string | null;
}

export const quoteFreight = serviceOperation<{ input: FreightQuoteInput }, { quoteFreight: FreightQuote }>(
  'fulfillment',
  /* GraphQL */ `
    query QuoteFreight($input: FreightQuoteInput!) {
      quoteFreight(input: $input) {
        deliverable
        reason
        freight {
          amount
          currencyCode
        }
        templateId
      }
    }
  `,
);

export interface ServiceVoucherView {
  orderLineId: string;
  status: 'ISSUED' | 'REDEEMED' | 'VOIDED' | 'EXPIRED';
  /** Whether its money may come back now under its product's refund rule. */
  refundable: boolean;
  refundRule: VoucherRefundRule;
  expiresAt: string | null;
}

/** The service vouchers of an order (the after-sales center refuses a request on a redeemed one, or one its refund rule keeps). */
export const serviceVouchersOfOrder = serviceOperation<{ orderId: string }, { serviceVouchers: ServiceVoucherView[] }>(
  'fulfillment',
  /* GraphQL */ `
    query ServiceVouchersOfOrder($orderId: ID!) {
      serviceVouchers(orderId: $orderId) {
        orderLineId
        status
        refundable
        refundRule
        expiresAt
      }
    }
  `,
);

/**
 * Units of an order line refunded before shipping leave its shipping notice and the warehouse's
 * outbound order (cancelled when empty) and their stock is released; once per key. NOT_FOUND while
 * the order is not dispatched yet (retry); INVALID_TRANSITION when the units already left.
 */
export const withdrawNoticeLine = serviceMutation<
  'withdrawNoticeLine',
  { key: string; orderId: string; orderLineId: string; quantity: number; reason: string },
  { shippingNotice: { id: string; status: string } | null }
>('fulfillment', 'withdrawNoticeLine', 'shippingNotice { id status }');

export interface DispatchReplacementInput {
  /** The after-sale request the replacement answers: one replacement notice per key. */
  key: string;
  orderId: string;
  orderLineId: string;
  skuId: string;
  quantity: number;
  /** The warehouse holding the replacement's reservation (reserved under the key). */
  warehouseId: string;
}

/**
 * An exchange's replacement parcel (换货): a shipping notice of its own for the order, keyed by the
 * after-sale request (its stock is reserved under that key), shipped like any other notice; its
 * ShipmentShipped carries `replacementFor`, so the order does not count it as its own. Once per key.
 */
export const dispatchReplacement = serviceMutation<'dispatchReplacement', DispatchReplacementInput, { shippingNotice: { id: string; status: string } | null }>(
  'fulfillment',
  'dispatchReplacement',
  'shippingNotice { id status }',
);
