import { and, asc, eq, gt, gte, lt, lte, sql } from 'drizzle-orm';
import { assertCan, isId, newId, ok, Problems, toMinor, toMoney, type CurrencyCode, type RequestContext, type Result } from '@zhongtai/kit';
import { consignorPayouts, type ConsignorPayoutRow } from '../db/consignmentTables.ts';
import { statementIn } from './consignment.ts';
import { CONSIGNOR_PAYOUT_ID_PREFIX, SUPPLIER_ID_PREFIX } from './ids.ts';
import { loadSupplier } from './suppliers.ts';
import { supplierTenancy } from './tenancy.ts';

export interface PayConsignorInput {
  supplierId: string;
  from: Date | string;
  to: Date | string;
  currencyCode?: CurrencyCode | null;
}

/**
 * 代销结算: finance pays a consignor what its statement owes for a period that has ended (sold −
 * returned in [from, to)). Once per consignor, currency and period: paying the same period again
 * answers the payout already made (nothing is paid twice); a period overlapping another payout of
 * the consignor is refused, as is a period that owes nothing. The payout and ConsignorPaid
 * (finance takes it off CONSIGNOR_PAYABLE) are written together. A per-consignor advisory lock
 * orders two payouts of one consignor, so two overlapping periods cannot both pass the check.
 */
export async function payConsignor(ctx: RequestContext, input: PayConsignorInput): Promise<Result<ConsignorPayoutRow>> {
  const problems = new Problems();
  const from = new Date(input.from);
  const to = new Date(input.to);
  const currency = input.currencyCode ?? 'CNY';
  if (!isId(SUPPLIER_ID_PREFIX, input.supplierId))
    return problems.add(['input', 'supplierId'], 'INVALID_ID', `"${input.supplierId}" is not a supplier id`).refuse();
  problems.check(from < to, ['input', 'to'], 'INVALID', 'The period must end after it starts');
  problems.check(to <= ctx.now(), ['input', 'to'], 'OUT_OF_RANGE', 'Only a period that has ended is paid: its sales may still come in');
  const supplier = await loadSupplier(ctx, input.supplierId);
  if (!supplier) return problems.add(['input', 'supplierId'], 'NOT_FOUND', `No supplier ${input.supplierId}`).refuse();
  assertCan(ctx, supplierTenancy, supplier, 'manage');
  if (problems.any) return problems.refuse();

  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`zhongtai:consignor-payout:${supplier.id}`}))`);
    const p = consignorPayouts;
    const [overlapping] = await tx
      .select()
      .from(p)
      .where(and(eq(p.supplierId, supplier.id), eq(p.currency, currency), lt(p.periodFrom, to), gt(p.periodTo, from)))
      .orderBy(asc(p.periodFrom))
      .limit(1);
    if (overlapping) {
      // The same period again: the payout made then (idempotent); any other overlap would pay units twice.
      if (overlapping.periodFrom.getTime() === from.getTime() && overlapping.periodTo.getTime() === to.getTime()) return ok(overlapping);
      return problems
        .add(
          ['input', 'from'],
          'DUPLICATE',
          `The period overlaps the payout for ${overlapping.periodFrom.toISOString()} to ${overlapping.periodTo.toISOString()}`,
        )
        .refuse();
    }
    const statement = await statementIn(tx, supplier.id, { from, to, currencyCode: currency });
    const amount = toMinor(statement.owed);
    if (amount <= 0n)
      return problems.add(['input', 'to'], 'OUT_OF_RANGE', `Nothing is owed to this consignor for the period (${statement.owed.amount})`).refuse();
    const paidAt = ctx.now();
    const [payout] = await tx
      .insert(p)
      .values({
        id: newId(CONSIGNOR_PAYOUT_ID_PREFIX),
        supplierId: supplier.id,
        shopId: supplier.shopId,
        periodFrom: from,
        periodTo: to,
        currency,
        amount,
        unitsSold: statement.unitsSold,
        unitsReturned: statement.unitsReturned,
        paidBy: ctx.claims?.subject ?? 'system',
        paidAt,
      })
      .returning();
    if (!payout) throw new Error('insert returned no row');
    await ctx.events.publish(tx, 'ConsignorPaid', {
      payoutId: payout.id,
      consignorId: supplier.id,
      shopId: supplier.shopId,
      from: from.toISOString(),
      to: to.toISOString(),
      amount: toMoney(amount, currency).amount,
      currencyCode: currency,
      paidAt: paidAt.toISOString(),
    });
    return ok(payout);
  });
}

/** The payouts of a consignor whose period lies within [from, to), oldest first (its statement shows them). */
export function payoutsWithin(ctx: RequestContext, supplierId: string, args: { from: Date; to: Date; currencyCode?: CurrencyCode | null }) {
  const p = consignorPayouts;
  return ctx.db
    .select()
    .from(p)
    .where(and(eq(p.supplierId, supplierId), eq(p.currency, args.currencyCode ?? 'CNY'), gte(p.periodFrom, args.from), lte(p.periodTo, args.to)))
    .orderBy(asc(p.periodFrom), asc(p.id));
}
