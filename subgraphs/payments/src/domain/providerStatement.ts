import { and, eq, gte, inArray, lt } from 'drizzle-orm';
import { badUserInput, toMoney, type CurrencyCode, type RequestContext } from '@zhongtai/kit';
import { payments, refunds } from '../db/tables.ts';
import { providerNamed } from '../providers/index.ts';
import { SANDBOX } from '../providers/sandbox.ts';
import { atProvider } from './exchangeLog.ts';

/** The columns of a provider statement file, in order (finance reads the same header). */
export const STATEMENT_HEADER = 'type,provider_reference,merchant_reference,amount,currency,occurred_at';

/**
 * The sandbox provider's daily statement (对账单): every capture and refund it made on the UTC
 * day, one CSV line each, with its own reference and ours (the merchant reference), the amount
 * as a decimal in the currency. A real provider's file is downloaded; the sandbox, which keeps
 * no books of its own, writes what it did from our rows of its payments.
 */
export async function sandboxStatementCsv(ctx: RequestContext, date: string): Promise<string> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw badUserInput('date is YYYY-MM-DD', ['date']);
  const from = new Date(`${date}T00:00:00Z`);
  const to = new Date(from.getTime() + 86_400_000);
  const captured = await ctx.db
    .select()
    .from(payments)
    .where(and(eq(payments.provider, SANDBOX), eq(payments.status, 'SUCCEEDED'), gte(payments.paidAt, from), lt(payments.paidAt, to)));
  const refunded = await ctx.db
    .select({ refund: refunds })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .where(and(eq(payments.provider, SANDBOX), eq(refunds.status, 'SUCCEEDED'), gte(refunds.succeededAt, from), lt(refunds.succeededAt, to)));
  // Rows were selected by paid_at / succeeded_at within the day, so those are set.
  const lines = [
    ...captured.map((p) => ['CAPTURE', p.providerPaymentId, p.id, toMoney(p.amount, p.currencyCode).amount, p.currencyCode, (p.paidAt ?? from).toISOString()]),
    ...refunded.map(({ refund: r }) => [
      'REFUND',
      r.providerRefundId ?? '',
      r.id,
      toMoney(r.amount, r.currencyCode).amount,
      r.currencyCode,
      (r.succeededAt ?? from).toISOString(),
    ]),
  ];
  return [STATEMENT_HEADER, ...lines.map((l) => l.join(','))].join('\n') + '\n';
}

/**
 * A provider's daily bill as finance reads statements: the sandbox's is written from our rows
 * (above); a real provider's is downloaded from it (WeChat Pay's tradebill, Alipay's trade bill)
 * and its captures and refunds rewritten in the same columns. The date is the provider's day
 * (China time for Alipay and WeChat Pay).
 */
export async function providerStatementCsv(ctx: RequestContext, providerName: string, date: string): Promise<string> {
  if (providerName === SANDBOX) return sandboxStatementCsv(ctx, date);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw badUserInput('date is YYYY-MM-DD', ['date']);
  const provider = providerNamed(providerName);
  const download = provider?.downloadStatement?.bind(provider);
  if (!provider?.enabled() || !download) throw badUserInput(`No bill to download from provider ${providerName}`, ['provider']);
  const lines = await atProvider(ctx, () => download({ date }));
  const rows = lines.map((l) => [
    l.type,
    l.providerReference,
    l.merchantReference,
    toMoney(l.amount, l.currencyCode as CurrencyCode).amount,
    l.currencyCode,
    l.occurredAt,
  ]);
  return [STATEMENT_HEADER, ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

/** Which of these payments went through the provider (finance reconciles one provider's bill against that provider's share of the day). */
export async function paymentsThroughProvider(ctx: RequestContext, providerName: string, paymentIds: string[]): Promise<string[]> {
  if (paymentIds.length > 100_000) throw badUserInput('At most 100,000 payment ids', ['paymentIds']);
  const rows = paymentIds.length
    ? await ctx.db
        .select({ id: payments.id })
        .from(payments)
        .where(and(eq(payments.provider, providerName), inArray(payments.id, paymentIds)))
    : [];
  return rows.map((r) => r.id);
}
