import { sql } from 'drizzle-orm';
import { businessTimeZone, toMoney, type CurrencyCode, type Money, type RequestContext } from '@zhongtai/kit';
import { journalEntries, postings } from '../db/tables.ts';

export interface RecognizedSales {
  currencyCode: CurrencyCode;
  completed: Money;
  refundedAfterCompletion: Money;
}

const rowsOf = (result: unknown) => (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];

/**
 * What the ledger recognized on the business days from..to (BUSINESS_TIME_ZONE), per currency:
 * the customers' advances that became revenue when their orders completed (CUSTOMER_ADVANCES
 * debited by COMPLETION entries: what was paid less refunds before completion), and the refunds
 * after completion (REFUNDS_PAYABLE credited by REFUND entries taken out of a merchant's payable).
 * Analytics compares its net sales with these (salesFactsCheck): sales count on payment, the
 * ledger on completion.
 */
export async function recognizedSales(ctx: RequestContext, from: string, to: string): Promise<RecognizedSales[]> {
  const e = journalEntries;
  const p = postings;
  const result = await ctx.db.execute(sql`
    select ${p.currency} as currency,
      coalesce(sum(${p.amount}) filter (where ${e.kind} = 'COMPLETION' and ${p.code} = 'CUSTOMER_ADVANCES'), 0)::text as completed,
      coalesce(-sum(${p.amount}) filter (
        where ${e.kind} = 'REFUND' and ${p.code} = 'REFUNDS_PAYABLE'
          and exists (select 1 from ${p} m where m.entry_id = ${e.id} and m.code = 'MERCHANT_PAYABLE')
      ), 0)::text as refunded
    from ${p} join ${e} on ${e.id} = ${p.entryId}
    where (${e.postedAt} at time zone ${businessTimeZone()})::date between ${from}::date and ${to}::date
    group by 1 order by 1`);
  return rowsOf(result).map((r) => {
    const currency = String(r.currency) as CurrencyCode;
    return {
      currencyCode: currency,
      completed: toMoney(BigInt(String(r.completed)), currency),
      refundedAfterCompletion: toMoney(BigInt(String(r.refunded)), currency),
    };
  });
}
