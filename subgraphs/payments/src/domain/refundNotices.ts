import { eq } from 'drizzle-orm';
import type { Db } from '@zhongtai/kit';
import { payments, refunds, type RefundRow } from '../db/tables.ts';
import type { PaymentProvider, ProviderEvent } from '../providers/provider.ts';
import type { EventOutcome } from './paymentEvents.ts';

/**
 * A provider's refund notice (WeChat Pay's REFUND.SUCCESS / ABNORMAL / CLOSED), read inside the
 * callback's claiming transaction: it must name a refund of ours, of the payment it names, for
 * the same amount. The refund itself is marked after that commit by `markRefund` (conditional
 * on PENDING, so a notice and the recovery job cannot settle it twice).
 */
export async function readRefundNotice(tx: Db, provider: PaymentProvider, event: ProviderEvent): Promise<EventOutcome & { refund?: RefundRow }> {
  const refundId = event.refund?.refundId ?? '';
  const [found] = await tx
    .select({ refund: refunds, provider: payments.provider, providerPaymentId: payments.providerPaymentId })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .where(eq(refunds.id, refundId));
  if (!found || found.provider !== provider.name || found.providerPaymentId !== event.providerPaymentId)
    return { result: 'UNKNOWN_REFUND', status: 404, retryable: true, detail: `no refund ${refundId} of ${event.providerPaymentId}` };
  const { refund } = found;
  if (event.amount !== refund.amount || event.currencyCode !== refund.currencyCode)
    return {
      result: 'AMOUNT_MISMATCH',
      status: 422,
      paymentId: refund.paymentId,
      detail: `refund notice says ${event.amount} ${event.currencyCode} (minor units), refund is ${refund.amount} ${refund.currencyCode}`,
    };
  if (refund.status !== 'PENDING') return { result: `REFUND_ALREADY_${refund.status}`, status: 200, paymentId: refund.paymentId };
  return { result: 'APPLIED', status: 200, paymentId: refund.paymentId, refund };
}
