import { newId, toMinor, type catalogService, type DeliveryAddress, type marketingService } from '@zhongtai/kit';
import type { LineDiscount, OrderLineRow, OrderRow } from '../db/tables.ts';
import { ORDER_ID_PREFIX, ORDER_LINE_ID_PREFIX } from './ids.ts';

type SkuQuote = catalogService.SkuQuote;
type PricedLine = marketingService.PricedLine;

export interface ShopOrderDraft {
  order: Omit<OrderRow, 'createdAt' | 'updatedAt' | 'paidAt' | 'shippedAt' | 'deliveredAt' | 'completedAt' | 'cancelledAt' | 'refundedAmount' | 'orderNumber'>;
  lines: (Omit<
    OrderLineRow,
    'refundedAmount' | 'fulfillment' | 'shippedQuantity' | 'refundedQuantity' | 'returnedQuantity' | 'withdrawnQuantity' | 'warehouseId' | 'orderCreatedAt'
  > & { inputIndex: number; flashSaleId: string | null })[];
}

/**
 * Splits a priced cart into one order per shop, in the order shops first appear. Each line keeps
 * its snapshot (names, attributes) and its allocated discounts, so a later partial refund can
 * return the right amount per line. Amounts are exact minor units.
 */
export function draftShopOrders(input: {
  checkoutId: string;
  memberId: string;
  address: DeliveryAddress;
  note: string | null;
  /** Where it was placed (placeOrder's channel, STAFF for placeOrderForMember); null: not said. */
  channel: string | null;
  currency: string;
  inputSkuOrder: string[];
  quotes: Map<string, SkuQuote>;
  /** 代发: SKU -> its supplier; such lines are not reserved in a warehouse. */
  supplierOfSku: Map<string, string>;
  priced: PricedLine[];
  freightByShop: Map<string, bigint>;
  paymentDueAt: Date;
  /** The coupon's template (marketing's priceCart), recorded on the shop orders its discount reached. */
  couponTemplateId?: string | null;
}): ShopOrderDraft[] {
  const byShop = new Map<string, PricedLine[]>();
  for (const line of input.priced) {
    let group = byShop.get(line.shopId);
    if (!group) byShop.set(line.shopId, (group = []));
    group.push(line);
  }
  return [...byShop].map(([shopId, priced]) => {
    const orderId = newId(ORDER_ID_PREFIX);
    const lines = priced.map((p, position) => {
      const quote = input.quotes.get(p.skuId)!;
      const discounts: LineDiscount[] = p.discounts.map((d) => ({
        source: d.source,
        sourceId: d.id,
        amount: d.amount.amount,
        funder: d.funder,
        ...(d.campaignId ? { campaignId: d.campaignId } : {}),
      }));
      return {
        id: newId(ORDER_LINE_ID_PREFIX),
        orderId,
        position,
        skuId: p.skuId,
        spuId: quote.spuId,
        spuName: quote.spuName,
        categoryId: quote.categoryId,
        categoryPath: quote.categoryPath,
        brandId: quote.brandId,
        skuCode: quote.code,
        salesAttributes: quote.salesAttributes,
        productType: quote.productType,
        quantity: p.quantity,
        currency: input.currency,
        unitPrice: toMinor(p.unitPrice),
        discounts,
        finalAmount: toMinor(p.finalAmount),
        // Set by applyCrossBorder on a cross-border order's lines.
        taxAmount: 0n,
        supplierId: quote.productType === 'SERVICE' ? null : (input.supplierOfSku.get(p.skuId) ?? null),
        inputIndex: input.inputSkuOrder.indexOf(p.skuId),
        flashSaleId: p.flashSaleId,
        // A plain copy: the quote comes from a GraphQL result, whose objects have no prototype (drizzle refuses them).
        voucherTerms: quote.productType === 'PHYSICAL' || !quote.voucherTerms ? null : { ...quote.voucherTerms },
        // Set by planServiceSlots once the day is checked.
        serviceDate: null as string | null,
      };
    });
    const itemsAmount = priced.reduce((sum, p) => sum + toMinor(p.listAmount), 0n);
    const finalAmount = lines.reduce((sum, l) => sum + l.finalAmount, 0n);
    const freightAmount = input.freightByShop.get(shopId) ?? 0n;
    return {
      order: {
        id: orderId,
        checkoutId: input.checkoutId,
        shopId,
        memberId: input.memberId,
        type: 'NORMAL' as 'NORMAL' | 'PRESALE',
        status: 'PENDING_PAYMENT' as 'PENDING_PAYMENT' | 'ON_HOLD',
        address: input.address,
        currency: input.currency,
        itemsAmount,
        discountAmount: itemsAmount - finalAmount,
        freightAmount,
        payableAmount: finalAmount + freightAmount,
        note: input.note,
        channel: input.channel,
        depositAmount: 0n,
        depositPaidAt: null,
        balanceStartsAt: null,
        balanceDueAt: null,
        balancePaymentId: null,
        paymentDueAt: input.paymentDueAt,
        crossBorderMode: null as 'BONDED' | 'DIRECT_MAIL' | null,
        taxAmount: 0n,
        couponTemplateId: lines.some((l) => l.discounts.some((d) => d.source === 'COUPON')) ? (input.couponTemplateId ?? null) : null,
      },
      lines,
    };
  });
}
