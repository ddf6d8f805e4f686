/**
 * The event catalog: every event a center publishes, with its payload. Producers and consumers
 * both type against this, so a renamed field breaks the build, not a queue at 3 a.m.
 * Payloads are JSON: money travels as decimal strings with a currency, ids as strings.
 */
export interface EventCatalog {
  /** shops: a shop's status changed (catalog takes a closed or suspended shop's products off shelf). */
  ShopStatusChanged: { shopId: string; from: 'ACTIVE' | 'SUSPENDED' | 'CLOSED'; to: 'ACTIVE' | 'SUSPENDED' | 'CLOSED'; reason: string | null };
  /** inventory: available stock of a SKU in a warehouse fell under its safety stock (procurement replenishes). */
  StockBelowThreshold: { stockLevelId: string; skuId: string; warehouseId: string; shopId: string; onHand: number; available: number; safetyStock: number };
  /** inventory: an outbound order left the warehouse; its lines consumed the order's reservation. */
  OutboundShipped: {
    outboundOrderId: string;
    shippingNoticeId: string;
    orderId: string;
    warehouseId: string;
    carrierCode: string;
    trackingNumber: string;
    lines: { skuId: string; quantity: number }[];
  };
  /** orders: a checkout was placed; one event per shop order, with what it sold. */
  OrderPlaced: {
    orderId: string;
    parentOrderId: string;
    shopId: string;
    memberId: string;
    type: 'NORMAL' | 'PRESALE';
    orderNumber: string;
    payable: string;
    currencyCode: string;
    lines: { orderLineId: string; skuId: string; quantity: number; finalAmount: string }[];
    placedAt: string;
    /** Where it was placed (APP, MINI_PROGRAM, WEB, STAFF); null when not said; absent from events published before it was added. */
    channel?: string | null;
  };
  /** orders: a shop order is paid (in full, or its presale balance): dispatch starts here. */
  OrderPaid: OrderPaidEvent;
  /**
   * orders: customs cleared a paid cross-border order (跨境清关): fulfillment releases the shipping
   * notices it held. Carries no identity of the buyer (never in events).
   */
  CustomsCleared: { orderId: string; shopId: string; declarationId: string; clearedAt: string };
  /** orders: an order ended before shipping: CANCELLED by a person, or CLOSED unpaid by its timer. */
  OrderCancelled: OrderLifecycleEvent & {
    status: 'CANCELLED' | 'CLOSED';
    reason: string | null;
    wasPaid: boolean;
    /** A presale order ended with its deposit paid and its balance not: the deposit it keeps (定金不退), a decimal string; null otherwise. */
    depositKept: { amount: string; currencyCode: string } | null;
  };
  /** orders: the delivery address changed before anything shipped; fulfillment re-addresses its notices. */
  OrderAddressChanged: { orderId: string; shopId: string; memberId: string; address: DeliveryAddress; at: string };
  /** orders: every shippable line of the order has left (in one parcel or several). */
  OrderShipped: OrderLifecycleEvent;
  /** orders: everything arrived (or the service vouchers were issued). */
  OrderDelivered: OrderLifecycleEvent;
  /** orders: the customer confirmed receipt, or the confirmation window passed. Points are earned on it. */
  OrderCompleted: OrderLifecycleEvent & {
    /** What the customer paid and kept: payable minus refunded, a decimal string. */
    paid: string;
    currencyCode: string;
  };
  /** fulfillment: a parcel left a warehouse (or a supplier) with a carrier. */
  ShipmentShipped: {
    orderId: string;
    shipmentId: string;
    shippingNoticeId: string;
    carrierCode: string;
    trackingNumber: string;
    lines: { orderLineId: string; quantity: number }[];
    shippedAt: string;
    /** Set on an exchange's replacement parcel: the after-sale request it answers. It is not the order's own shipment. */
    replacementFor?: string | null;
  };
  /** fulfillment: the carrier reported the parcel delivered. */
  ShipmentDelivered: { orderId: string; shipmentId: string; deliveredAt: string };
  /** fulfillment: service lines got their vouchers instead of a parcel. */
  ServiceVouchersIssued: { orderId: string; lines: { orderLineId: string; voucherCodes: string[] }[] };
  /** fulfillment: the shop redeemed a voucher; `allRedeemed` once none of the order's is left. */
  ServiceVoucherRedeemed: { orderId: string; orderLineId: string; voucherId: string; allRedeemed: boolean; redeemedAt: string };
  /**
   * fulfillment: vouchers of a line passed their end of validity unredeemed (the expiry job).
   * `allSettled` once none of the order's vouchers is left to redeem; `autoRefund` when the
   * product's terms give their money back on expiry (orders refunds them).
   */
  ServiceVouchersExpired: {
    orderId: string;
    orderLineId: string;
    voucherIds: string[];
    allSettled: boolean;
    autoRefund: boolean;
    expiredAt: string;
  };
  /** payments: the provider confirmed a payment (once per payment, however often it called back). */
  PaymentSucceeded: {
    paymentId: string;
    orderId: string;
    purpose: 'FULL' | 'DEPOSIT' | 'BALANCE';
    memberId: string;
    /** Decimal string in the currency, e.g. "199.00". */
    amount: string;
    currencyCode: string;
    paidAt: string;
  };
  /** payments: money went back to the customer (also the automatic refund of a payment made after it was closed). */
  RefundSucceeded: {
    refundId: string;
    paymentId: string;
    orderId: string;
    amount: string;
    currencyCode: string;
    /** The allocation over order lines the refund was requested with; empty when none was given. */
    lines: { orderLineId: string; amount: string }[];
    /** When the provider confirmed it (finance reconciles by day). */
    succeededAt: string;
    /** The key the refund was asked with: the asking center finds its own request by it. */
    idempotencyKey: string;
    /**
     * 积分 of a combined payment: the points that went back with this money (the payment's split,
     * tenders.ts) and their worth in `currencyCode` (decimal string). Absent on events published
     * before it was added and on refunds of payments without a points tender; 0 / "0.00" when the
     * payment had points but this refund returned none. `amount` stays the provider's money only.
     */
    points?: number | null;
    pointsAmount?: string | null;
    /** 跨境综合税 in `amount`, beside the lines (decimal string); absent when none. */
    tax?: string | null;
  };
  /**
   * payments: the provider refused a refund, at once or in a later answer to one it had left
   * PENDING. No money moved: whoever counted it as under way gives the room back.
   */
  RefundFailed: {
    refundId: string;
    paymentId: string;
    orderId: string;
    amount: string;
    currencyCode: string;
    lines: { orderLineId: string; amount: string }[];
    /** The key the refund was asked with: the asking center finds its own request by it. */
    idempotencyKey: string;
    reason: string;
    failedAt: string;
  };
  /** inventory: a customer's return was received and put away (GOOD units back on hand, DAMAGED ones in the damaged bucket). */
  ReturnReceived: {
    receiptId: string;
    /** The receipt's source reference: the after-sale request it was opened for. */
    reference: string;
    warehouseId: string;
    lines: { skuId: string; sellable: number; damaged: number }[];
  };
  /** reviews: a review became PUBLISHED (again, after a hide and restore: members credits once per review). */
  ReviewPublished: {
    reviewId: string;
    memberId: string;
    shopId: string;
    spuId: string;
    /** Characters of the review's text (code points, whitespace left out): members pays points from a minimum. */
    textLength: number;
    publishedAt: string;
  };
  /**
   * members: a member's points moved (one event per points entry: earned, spent at checkout,
   * given back, taken back after an after-sale refund, expired, adjusted). Finance keeps the
   * points liability from them.
   */
  PointsChanged: {
    entryId: string;
    memberId: string;
    kind: 'EARN' | 'SPEND' | 'EXPIRE' | 'ADJUST' | 'REFUND' | 'REVOKE' | 'REVIEW';
    /** Signed: credits positive, debits negative. */
    points: number;
    /** Points per currency unit when it happened (their money value: points / this). */
    pointsPerCurrencyUnit: number;
    /** The order, checkout, after-sale key or review the entry is keyed by; null for an expiry or an adjustment. */
    orderId: string | null;
    at: string;
  };
  /** any center: a staff member ran a mutation (the kit records it; shops keeps the audit log). */
  AuditRecorded: AuditRecordedEvent;
  /** A carrier reported a problem with a parcel (lost, refused, damaged): a person has to look. */
  ShipmentException: {
    shipmentId: string;
    orderId: string;
    shopId: string;
    memberId: string;
    trackingNumber: string;
    /** The tracking event's id in fulfillment: one ticket per reported problem. */
    trackingEventId: string;
    description: string | null;
    occurredAt: string;
  };
  /** Money arrived for a payment we had already closed; it is being refunded automatically, and a person should tell the customer. */
  LatePaymentReceived: { paymentId: string; orderId: string; memberId: string; refundId: string; amount: string; currencyCode: string; at: string };
  /** marketing: a member got a coupon (claimed it, or an operator granted it); analytics counts claims per template. */
  CouponClaimed: {
    couponId: string;
    templateId: string;
    /** The template's shop; null for a platform template. */
    shopId: string | null;
    memberId: string;
    source: 'CLAIM' | 'GRANT';
    claimedAt: string;
  };
  /** marketing: a paid checkout spent the coupon it had locked (once per coupon and checkout). */
  CouponRedeemed: {
    couponId: string;
    templateId: string;
    shopId: string | null;
    memberId: string;
    /** The checkout that used it. */
    orderId: string;
    /** What it took off the checkout, a decimal string in `currencyCode`. */
    discount: string;
    currencyCode: string;
    redeemedAt: string;
  };
  /** aftersales: a customer filed an after-sale request on one line (the reason is what analytics reports refunds by). */
  AfterSaleFiled: {
    requestId: string;
    orderId: string;
    orderLineId: string;
    shopId: string;
    memberId: string;
    type: 'REFUND_ONLY' | 'RETURN_REFUND' | 'EXCHANGE';
    reasonCode: string;
    quantity: number;
    filedAt: string;
  };
  /** aftersales: a request's money went back (REFUNDED): `quantity` units of the line (fulfillment voids as many unredeemed vouchers). */
  AfterSaleRefunded: {
    requestId: string;
    orderId: string;
    orderLineId: string;
    type: 'REFUND_ONLY' | 'RETURN_REFUND' | 'EXCHANGE';
    quantity: number;
    refundedAt: string;
  };
  /** inventory: a purchase delivery (a PURCHASE_ORDER receipt) was put away; `onHandBefore` is the SKU's units on hand over all warehouses before it. */
  PurchaseReceived: {
    receiptId: string;
    /** The receipt's source reference: procurement's delivery key ("<purchase order id>/<n>"). */
    reference: string;
    warehouseId: string;
    receivedAt: string;
    lines: { skuId: string; good: number; damaged: number; onHandBefore: number }[];
  };
  /**
   * inventory: 代销 — units of a consignor's stock were sold (the order was paid and its
   * reservation committed): the shop owes the consignor its agreed price for them. One event per
   * consigned lot an order line drew on; `saleId` is unique.
   */
  ConsignedUnitsSold: {
    saleId: string;
    /** The consignor: one of the shop's suppliers (procurement). */
    consignorId: string;
    shopId: string;
    orderId: string;
    skuId: string;
    warehouseId: string;
    quantity: number;
    unitPrice: string;
    /** quantity × unitPrice. */
    amount: string;
    currencyCode: string;
    soldAt: string;
  };
  /** procurement: finance paid a consignor what its statement owed for [from, to) (once per consignor, currency and period). */
  ConsignorPaid: {
    payoutId: string;
    consignorId: string;
    shopId: string;
    from: string;
    to: string;
    /** Decimal string in `currencyCode`. */
    amount: string;
    currencyCode: string;
    paidAt: string;
  };
  /**
   * inventory: consigned units sold earlier came back to the consignor's stock (a return put away
   * GOOD, units refunded before shipping, a paid order cancelled): what was owed for them is owed
   * no more. `returnId` is unique; `saleId` is the sale it reverses.
   */
  ConsignedUnitsReturned: {
    returnId: string;
    saleId: string;
    consignorId: string;
    shopId: string;
    orderId: string;
    skuId: string;
    quantity: number;
    unitPrice: string;
    amount: string;
    currencyCode: string;
    reason: 'RETURN' | 'WITHDRAWN' | 'RELEASED';
    returnedAt: string;
  };
}

export interface AuditRecordedEvent {
  staffId: string;
  staffKind: 'SHOP' | 'PLATFORM';
  /** The role the member acted with (null when their standing could not be established). */
  staffRole: string | null;
  tokenRole: 'ADMIN' | 'MERCHANT';
  subject: string;
  /** The merchant's shop, or the shop an operator's input named. */
  shopId: string | null;
  center: string;
  /** The Mutation root field. */
  operation: string;
  /** Arguments with secrets and personal data redacted (kit audit/redact.ts). */
  input: Record<string, unknown>;
  result: 'OK' | 'REFUSED' | 'ERROR';
  /** The userErrors' codes (REFUSED) or the error's code (ERROR). */
  codes: string[];
  requestId: string;
  at: string;
}

export interface DeliveryAddress {
  receiver: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  detail: string;
}

/** What every order status event carries. */
export interface OrderLifecycleEvent {
  orderId: string;
  parentOrderId: string;
  shopId: string;
  memberId: string;
  at: string;
}

/** When a service voucher ends and whether its money can come back (set per SERVICE product by its merchant). */
export type VoucherRefundRule = 'REFUNDABLE_ANYTIME' | 'REFUNDABLE_BEFORE_EXPIRY' | 'NOT_REFUNDABLE';
export interface VoucherTerms {
  /** Valid this many days after issue, or until `validUntil` (ISO); neither: no expiry. */
  validDays: number | null;
  validUntil: string | null;
  refundRule: VoucherRefundRule;
  /** An expired unredeemed voucher's money goes back on its own. */
  autoRefundOnExpiry: boolean;
}

export interface OrderPaidEvent {
  orderId: string;
  /** The checkout that paid several shop orders at once. */
  parentOrderId: string | null;
  shopId: string;
  memberId: string;
  address: DeliveryAddress;
  lines: {
    orderLineId: string;
    skuId: string;
    quantity: number;
    productType: 'PHYSICAL' | 'SERVICE' | 'PHYSICAL_WITH_SERVICE';
    /** The product's voucher terms when sold (service lines); null or absent: no expiry, refundable while unredeemed. */
    voucherTerms?: VoucherTerms | null;
    /** The day booked for a service with daily slots (YYYY-MM-DD, China time); null or absent otherwise. */
    serviceDate?: string | null;
    /** Where the line ships from: the warehouse holding its reservation, or its supplier (代发). */
    source: { kind: 'WAREHOUSE'; warehouseId: string } | { kind: 'SUPPLIER'; supplierId: string } | { kind: 'NONE' };
    /** What the line was sold as (analytics reports by them): the product, and where it sat in the catalog; null on lines sold before orders kept them; absent from events published before these were added. */
    spuId?: string;
    categoryPath?: string[] | null;
    brandId?: string | null;
  }[];
  paidAt: string;
  /** Absent from events published before it was added (those were NORMAL or PRESALE alike). */
  type?: 'NORMAL' | 'PRESALE';
  /** The template of the checkout's coupon when it discounted this shop order's lines (absent from events published before it was added). */
  couponTemplateId?: string | null;
  /** Where it was placed (APP, MINI_PROGRAM, WEB, STAFF); null when not said; absent from events published before it was added (analytics: UNSPECIFIED). */
  channel?: string | null;
  /** What the order cost and who bears its discounts (finance posts and settles from it); decimal strings in `currencyCode`. */
  money: OrderPaidMoney;
  /**
   * 跨境: a cross-border order is declared to customs first: its notices wait for CustomsCleared
   * (no outbound order before it). Absent (false) for a domestic order and in older events.
   */
  customsHold?: boolean;
}

export interface OrderPaidMoney {
  currencyCode: string;
  /** What the customer owes for this shop order (its share of the checkout's payment), deposit included. */
  payable: string;
  freight: string;
  /** PRESALE: the part paid as the deposit (定金); "0" otherwise. */
  deposit: string;
  /** 跨境综合税 collected in `payable` for customs (absent when none): finance owes it to customs (CUSTOMS_TAX_PAYABLE), not to the shop. */
  tax?: string;
  lines: {
    orderLineId: string;
    skuId: string;
    /** What the line sells for after every discount. */
    finalAmount: string;
    /** Discounts the platform bears (its promotions and coupons, member levels), points excluded. */
    platformDiscount: string;
    /** Discounts the shop bears (its own promotions, coupons, flash sales). */
    shopDiscount: string;
    /** Points redeemed on the line, at their money value (the platform pays the shop for them). */
    points: string;
    /** List price x quantity, before any discount (absent from events published before it was added, like `discounts`). */
    gross?: string;
    /** Every discount on the line by source (PROMOTION, FLASH_SALE, MEMBER_LEVEL, COUPON, POINTS) and who bears it. */
    discounts?: {
      source: string;
      funder: 'PLATFORM' | 'SHOP';
      amount: string;
      /** The promotion, flash sale, coupon, level or member it came from, and the campaign (专场) of a promotion or flash sale; absent from older events. */
      sourceId?: string | null;
      campaignId?: string | null;
    }[];
  }[];
}

export type Topic = keyof EventCatalog;

/**
 * Who handles each event. The relay puts every event into one queue per subscriber, so an event
 * waits for a subscriber that is not running yet (cluster mode) instead of being lost; a center
 * that is listed must handle the topic, and one that handles it must be listed (checked at start).
 */
export const SUBSCRIBERS: { readonly [T in Topic]: readonly string[] } = {
  ShopStatusChanged: ['catalog'],
  StockBelowThreshold: ['procurement'],
  OutboundShipped: ['fulfillment'],
  OrderPlaced: ['analytics'],
  OrderPaid: ['fulfillment', 'marketing', 'finance', 'procurement', 'analytics'],
  OrderCancelled: ['fulfillment', 'finance', 'analytics'],
  CustomsCleared: ['fulfillment'],
  OrderAddressChanged: ['fulfillment'],
  OrderShipped: ['analytics'],
  OrderDelivered: ['analytics'],
  OrderCompleted: ['members', 'finance', 'analytics'],
  ShipmentShipped: ['orders', 'procurement', 'aftersales'],
  ShipmentDelivered: ['orders'],
  ServiceVouchersIssued: ['orders'],
  ServiceVoucherRedeemed: ['orders'],
  ServiceVouchersExpired: ['orders'],
  PaymentSucceeded: ['orders', 'finance'],
  RefundSucceeded: ['finance', 'fulfillment', 'orders', 'aftersales', 'analytics'],
  RefundFailed: ['orders', 'aftersales'],
  ReturnReceived: ['aftersales'],
  AuditRecorded: ['shops'],
  ShipmentException: ['aftersales'],
  LatePaymentReceived: ['aftersales'],
  ReviewPublished: ['members'],
  PointsChanged: ['finance'],
  PurchaseReceived: ['procurement'],
  CouponClaimed: ['analytics'],
  CouponRedeemed: ['analytics'],
  AfterSaleFiled: ['analytics'],
  AfterSaleRefunded: ['fulfillment'],
  ConsignedUnitsSold: ['procurement', 'finance'],
  ConsignedUnitsReturned: ['procurement', 'finance'],
  ConsignorPaid: ['finance'],
};

/** What travels through the queue: the payload plus where and when it happened. */
export interface EventEnvelope<T extends Topic = Topic> {
  id: string;
  topic: T;
  producer: string;
  occurredAt: string;
  payload: EventCatalog[T];
  /** Set when the event was published inside `withTimeAt`: its handlers run as at that time. */
  asOf?: string;
  /** The publishing request's W3C `traceparent` (tracing on): the consumer's span continues its trace. */
  trace?: string;
}
