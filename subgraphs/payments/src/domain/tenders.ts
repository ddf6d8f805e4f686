import { toMoney, type CurrencyCode, type Money } from '@zhongtai/kit';
import type { PaymentRow, RefundRow } from '../db/tables.ts';

/** Points and what they are worth in the payment's currency (minor units). */
export interface PointsTender {
  points: number;
  amount: bigint;
}

/** What a checkout paid with: the provider's part and, in a combined payment, the member's points. */
export interface Tenders {
  provider: bigint;
  points: PointsTender | null;
}

export const tendersOf = (payment: Pick<PaymentRow, 'amount' | 'pointsUsed' | 'pointsAmount'>): Tenders => ({
  provider: payment.amount,
  points: payment.pointsUsed === null || payment.pointsAmount === null ? null : { points: payment.pointsUsed, amount: payment.pointsAmount },
});

/**
 * The points that go back with a refund: a refund returns both tenders in the proportion they paid
 * for the goods. The points paid for goods only (never the freight), so the proportion is taken
 * over the provider's part of the goods (`pointsGoodsAmount`, the whole amount when not given): a
 * refund's goods are its line allocations when it names lines, else its whole amount, and never
 * more than the goods paid in all (so the freight refunded after every line adds no points).
 *
 * Rounding: cumulative and down. After this refund, the live refunds (PENDING and SUCCEEDED; FAILED
 * ones gave nothing back) have returned floor(points x goods refunded / goods paid) points in all,
 * and as much of the points' worth; this refund gives what that adds to what the earlier live ones
 * gave. No refund gives a fraction of a point, the sum never exceeds what was paid, and the refund
 * that completes the goods returns every point left: a full refund returns all the points. Null when
 * the payment recorded no tenders.
 */
export function pointsShare(
  payment: Pick<PaymentRow, 'amount' | 'pointsUsed' | 'pointsAmount' | 'pointsGoodsAmount'>,
  earlier: Pick<RefundRow, 'status' | 'amount' | 'lines' | 'points' | 'pointsAmount'>[],
  refund: Pick<RefundRow, 'amount' | 'lines'>,
): PointsTender | null {
  const { points } = tendersOf(payment);
  if (!points) return null;
  const base = payment.pointsGoodsAmount ?? payment.amount;
  const live = earlier.filter((r) => r.status !== 'FAILED');
  const goods = (r: Pick<RefundRow, 'amount' | 'lines'>) => (r.lines.length ? r.lines.reduce((sum, l) => sum + BigInt(l.amount), 0n) : r.amount);
  const all = live.reduce((sum, r) => sum + goods(r), 0n) + goods(refund);
  const refunded = all < base ? all : base;
  const given = live.reduce((sum, r) => ({ points: sum.points + (r.points ?? 0), amount: sum.amount + (r.pointsAmount ?? 0n) }), { points: 0, amount: 0n });
  const owed = (whole: bigint) => (base > 0n ? (whole * refunded) / base : whole);
  const pointsNow = Number(owed(BigInt(points.points))) - given.points;
  const amountNow = owed(points.amount) - given.amount;
  return { points: Math.max(pointsNow, 0), amount: amountNow > 0n ? amountNow : 0n };
}

export interface TenderView {
  kind: 'PROVIDER' | 'POINTS';
  amount: Money;
  points: number | null;
}

/** A payment's or a refund's tenders as the graph shows them: the provider's money, then the points (when there are any). */
export function tenderViews(money: bigint, points: PointsTender | null, currencyCode: CurrencyCode): TenderView[] {
  const views: TenderView[] = [{ kind: 'PROVIDER', amount: toMoney(money, currencyCode), points: null }];
  if (points && points.points > 0) views.push({ kind: 'POINTS', amount: toMoney(points.amount, currencyCode), points: points.points });
  return views;
}
