import type { CurrencyCode, EventEnvelope, RequestContext } from '@zhongtai/kit';
import { toMinor } from '@zhongtai/kit';
import { postEntry } from './journal.ts';
import { consignmentPostings, consignorPayoutPostings } from './postingRules.ts';

/**
 * 代销: inventory's sales and returns of consigned units, posted as what the shop owes its
 * consignors (CONSIGNOR_PAYABLE, per shop) against the cost of the goods sold. Keyed by the sale's
 * or the return's id, so a redelivered event posts nothing. The per-consignor statement is
 * procurement's (the consignor is its supplier); this is the money.
 */
export async function postConsignedSale(ctx: RequestContext, event: EventEnvelope<'ConsignedUnitsSold'>): Promise<void> {
  const p = event.payload;
  const currency = p.currencyCode as CurrencyCode;
  await postEntry(ctx.db, {
    sourceKey: `consignment:sale:${p.saleId}`,
    eventId: event.id,
    kind: 'CONSIGNMENT',
    memo: `${p.quantity} consigned unit(s) of ${p.skuId} sold on order ${p.orderId}: owed to consignor ${p.consignorId}`,
    currency,
    orderId: p.orderId,
    shopId: p.shopId,
    actor: 'system:finance',
    postedAt: new Date(p.soldAt),
    postings: consignmentPostings({ shopId: p.shopId, orderId: p.orderId, amount: toMinor({ amount: p.amount, currencyCode: currency }), returned: false }),
  });
}

export async function postConsignedReturn(ctx: RequestContext, event: EventEnvelope<'ConsignedUnitsReturned'>): Promise<void> {
  const p = event.payload;
  const currency = p.currencyCode as CurrencyCode;
  await postEntry(ctx.db, {
    sourceKey: `consignment:return:${p.returnId}`,
    eventId: event.id,
    kind: 'CONSIGNMENT',
    memo: `${p.quantity} consigned unit(s) of ${p.skuId} back from order ${p.orderId} (${p.reason.toLowerCase()}): no longer owed to consignor ${p.consignorId}`,
    currency,
    orderId: p.orderId,
    shopId: p.shopId,
    actor: 'system:finance',
    postedAt: new Date(p.returnedAt),
    postings: consignmentPostings({ shopId: p.shopId, orderId: p.orderId, amount: toMinor({ amount: p.amount, currencyCode: currency }), returned: true }),
  });
}

/**
 * 代销结算: the shop's consignor was paid what it was owed for a period (procurement's payout):
 * the payable comes off, the platform's cash goes out. Keyed by the payout, so once.
 */
export async function postConsignorPayout(ctx: RequestContext, event: EventEnvelope<'ConsignorPaid'>): Promise<void> {
  const p = event.payload;
  const currency = p.currencyCode as CurrencyCode;
  await postEntry(ctx.db, {
    sourceKey: `consignment:payout:${p.payoutId}`,
    eventId: event.id,
    kind: 'CONSIGNMENT',
    memo: `consignor ${p.consignorId} paid for ${p.from} to ${p.to}`,
    currency,
    shopId: p.shopId,
    actor: 'system:finance',
    postedAt: new Date(p.paidAt),
    postings: consignorPayoutPostings({ shopId: p.shopId, amount: toMinor({ amount: p.amount, currencyCode: currency }) }),
  });
}
