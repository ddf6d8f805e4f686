import { and, asc, eq, gt, gte, lt, type SQL } from 'drizzle-orm';
import { badUserInput, toMoney, type EventCatalog, type RequestContext } from '@zhongtai/kit';
import { refunds } from '../db/tables.ts';
import { refundedPoints } from './settleRefund.ts';

/** A page is what the analytics rebuild asks at a time: large, so its replay is a few statements per thousands of refunds. */
const MAX_PAGE = 2000;

/**
 * Refunds that succeeded, each as the RefundSucceeded it announced (the same fields as
 * settleRefund publishes): the analytics center replays them into a fresh read model and checks
 * its refunded totals against them. Keyset by id, SERVICE only (the SDL).
 */
export async function succeededRefunds(
  ctx: RequestContext,
  args: { after?: string | null; first: number; succeededFrom?: Date | string | null; succeededTo?: Date | string | null },
) {
  if (args.first < 1 || args.first > MAX_PAGE) throw badUserInput(`first must be between 1 and ${MAX_PAGE}`, ['first']);
  const conditions: (SQL | undefined)[] = [eq(refunds.status, 'SUCCEEDED')];
  if (args.after) conditions.push(gt(refunds.id, args.after));
  if (args.succeededFrom) conditions.push(gte(refunds.succeededAt, new Date(args.succeededFrom)));
  if (args.succeededTo) conditions.push(lt(refunds.succeededAt, new Date(args.succeededTo)));
  const rows = await ctx.db
    .select()
    .from(refunds)
    .where(and(...conditions))
    .orderBy(asc(refunds.id))
    .limit(args.first);
  return rows.map((row) => {
    const refund: EventCatalog['RefundSucceeded'] = {
      refundId: row.id,
      paymentId: row.paymentId,
      orderId: row.orderId,
      amount: toMoney(row.amount, row.currencyCode).amount,
      currencyCode: row.currencyCode,
      lines: row.lines.map((l) => ({ orderLineId: l.orderLineId, amount: toMoney(BigInt(l.amount), row.currencyCode).amount })),
      succeededAt: (row.succeededAt ?? row.updatedAt).toISOString(),
      idempotencyKey: row.idempotencyKey,
      ...refundedPoints(row),
    };
    return { id: row.id, refund: JSON.stringify(refund) };
  });
}
