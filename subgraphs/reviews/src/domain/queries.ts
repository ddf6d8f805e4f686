import { and, eq, inArray, type SQL } from 'drizzle-orm';
import {
  callerMember,
  listTable,
  listTableByGroup,
  loadScoped,
  membersService,
  scopedWhere,
  type Connection,
  type ConnectionArgs,
  type RequestContext,
} from '@zhongtai/kit';
import { reviews, type ReviewRow, type ReviewStatus } from '../db/tables.ts';
import { loadReview } from './reviews.ts';
import { reviewTenancy } from './tenancy.ts';

export interface ReviewFilter {
  shopId?: string | null;
  spuId?: string | null;
  status?: ReviewStatus[] | null;
  ratings?: number[] | null;
}

/** One review: a published one for anyone signed in, otherwise its owners (FORBIDDEN for others). */
export function findReview(ctx: RequestContext, id: string): Promise<ReviewRow | null> {
  return loadScoped(ctx, reviewTenancy, loadReview(ctx, id), 'view');
}

/** Staff list: a merchant's own shop (another shop asked for is FORBIDDEN), every shop for the platform; newest first. */
export function listReviews(ctx: RequestContext, args: ConnectionArgs, filter: ReviewFilter) {
  const conditions: (SQL | undefined)[] = [scopedWhere(ctx, reviewTenancy, { shopId: filter.shopId })];
  if (filter.spuId) conditions.push(eq(reviews.spuId, filter.spuId));
  if (filter.status?.length) conditions.push(inArray(reviews.status, filter.status));
  if (filter.ratings?.length) conditions.push(inArray(reviews.rating, filter.ratings));
  return listTable(ctx.db, reviews, args, { where: and(...conditions), sort: { column: reviews.createdAt, direction: 'DESC' } });
}

/** The signed-in customer's own reviews, whatever their status. */
export function listMyReviews(ctx: RequestContext, args: ConnectionArgs) {
  const where = eq(reviews.memberId, callerMember(ctx, reviewTenancy));
  return listTable(ctx.db, reviews, args, { where, sort: { column: reviews.createdAt, direction: 'DESC' } });
}

export interface SpuReviewArgs extends ConnectionArgs {
  filter?: { ratings?: number[] | null; withImages?: boolean | null } | null;
  sort?: 'NEWEST' | 'MOST_HELPFUL' | null;
}

/**
 * Spu.reviews: the published reviews of a product, newest or most helpful first, filtered by
 * stars and images. A page of products asks once: the products of one request with the same
 * arguments are listed together (one statement, and one grouped count if totalCount is asked).
 */
export function reviewsOfSpu(ctx: RequestContext, spuId: string, args: SpuReviewArgs): Promise<Connection<ReviewRow>> {
  const key = JSON.stringify([args.first, args.after, args.last, args.before, args.filter, args.sort]);
  return ctx.loaders
    .get<string, Connection<ReviewRow>>(`reviews.ofSpu:${key}`, async (spuIds) => {
      const conditions: (SQL | undefined)[] = [eq(reviews.status, 'PUBLISHED')];
      if (args.filter?.ratings?.length) conditions.push(inArray(reviews.rating, args.filter.ratings));
      if (args.filter?.withImages) conditions.push(eq(reviews.hasImages, true));
      const column = args.sort === 'MOST_HELPFUL' ? reviews.helpfulCount : reviews.publishedAt;
      return listTableByGroup(ctx.db, reviews, spuIds, args, { where: and(...conditions), groupBy: reviews.spuId, sort: { column, direction: 'DESC' } });
    })
    .load(spuId);
}

/**
 * The reviewer as the storefront shows them: the member's name from the members center (one call
 * for a page), masked unless the reviewer chose to show it.
 */
export async function reviewerName(ctx: RequestContext, review: ReviewRow): Promise<string> {
  const name = await ctx.loaders
    .get<string, string | null>('reviews.memberNames', async (ids) => {
      const { memberNames } = await ctx.services.call(membersService.memberNames, { ids: [...new Set(ids)] });
      const byId = new Map(memberNames.map((m) => [m.id, m.name]));
      return ids.map((id) => byId.get(id) ?? null);
    })
    .load(review.memberId);
  if (!name) return '匿名用户';
  return review.anonymous ? maskName(name) : name;
}

/** 张三丰 -> 张*丰, Alice -> A***e, 李四 -> 李*: enough to tell reviewers apart, not to find them. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return `${chars[0] ?? ''}*`;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 2, 3))}${chars[chars.length - 1]}`;
}
