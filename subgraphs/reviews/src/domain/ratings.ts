import { sql } from 'drizzle-orm';
import { anyOf, type Db, type RequestContext } from '@zhongtai/kit';
import { ratingTotals, type RatingTotalsRow } from '../db/tables.ts';

/**
 * Ratings are totals kept in `rating_totals`, moved in the transaction that publishes or hides a
 * review (+1 or -1 of its stars, for its SPU and its shop), so a product page reads one row.
 */
export async function moveRating(tx: Db, subjects: string[], rating: number, delta: 1 | -1): Promise<void> {
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw new Error(`rating ${rating} is not 1 to 5`);
  const star = rating - 1;
  for (const subject of subjects) {
    const stars = [0, 0, 0, 0, 0];
    stars[star] = delta;
    await tx
      .insert(ratingTotals)
      .values({ subject, count: delta, sum: delta * rating, stars })
      .onConflictDoUpdate({
        target: ratingTotals.subject,
        set: {
          count: sql`${ratingTotals.count} + ${delta}`,
          sum: sql`${ratingTotals.sum} + ${delta * rating}`,
          // star is 0..4 from a checked rating: inlined, as jsonb paths and array indexes are not parameters here.
          stars: sql`jsonb_set(${ratingTotals.stars}, ${sql.raw(`'{${star}}'`)}, to_jsonb((${ratingTotals.stars}->>${sql.raw(String(star))})::int + ${sql.raw(String(delta))}))`,
          updatedAt: new Date(),
        },
      });
  }
}

/** A customer's shop scores for an order add to the shop's totals once, when they are given. */
export async function addShopScores(tx: Db, shopId: string, scores: { description: number; service: number; logistics: number }): Promise<void> {
  await tx
    .insert(ratingTotals)
    .values({ subject: shopId, scoreCount: 1, descriptionSum: scores.description, serviceSum: scores.service, logisticsSum: scores.logistics })
    .onConflictDoUpdate({
      target: ratingTotals.subject,
      set: {
        scoreCount: sql`${ratingTotals.scoreCount} + 1`,
        descriptionSum: sql`${ratingTotals.descriptionSum} + ${scores.description}`,
        serviceSum: sql`${ratingTotals.serviceSum} + ${scores.service}`,
        logisticsSum: sql`${ratingTotals.logisticsSum} + ${scores.logistics}`,
        updatedAt: new Date(),
      },
    });
}

/** The totals of an SPU or shop, batched for a page (one query); a subject with no review has none. */
export function totalsOf(ctx: RequestContext, subject: string): Promise<RatingTotalsRow | null> {
  return ctx.loaders
    .get<string, RatingTotalsRow | null>('reviews.ratingTotals', async (subjects) => {
      const rows = await ctx.db
        .select()
        .from(ratingTotals)
        .where(anyOf(ratingTotals.subject, [...new Set(subjects)]));
      const bySubject = new Map(rows.map((r) => [r.subject, r]));
      return subjects.map((s) => bySubject.get(s) ?? null);
    })
    .load(subject);
}

const mean = (sum: number, count: number) => (count > 0 ? Math.round((sum / count) * 100) / 100 : null);

export interface ProductRating {
  average: number | null;
  count: number;
  distribution: number[];
}

export async function productRating(ctx: RequestContext, subject: string): Promise<ProductRating> {
  const t = await totalsOf(ctx, subject);
  return { average: mean(t?.sum ?? 0, t?.count ?? 0), count: t?.count ?? 0, distribution: t?.stars ?? [0, 0, 0, 0, 0] };
}

export async function shopRating(ctx: RequestContext, shopId: string) {
  const t = await totalsOf(ctx, shopId);
  const scores = t?.scoreCount ?? 0;
  return {
    ...(await productRating(ctx, shopId)),
    description: mean(t?.descriptionSum ?? 0, scores),
    service: mean(t?.serviceSum ?? 0, scores),
    logistics: mean(t?.logisticsSum ?? 0, scores),
    scoreCount: scores,
  };
}
