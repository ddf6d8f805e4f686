import type { RequestContext } from '@zhongtai/kit';
import type { ReviewRow } from '../db/tables.ts';
import { reviewerName } from '../domain/queries.ts';
import { canReadPrivate, loadReview } from '../domain/reviews.ts';
import type { ReviewResolvers } from '../generated/resolvers.ts';

/** A follow-up or reply the storefront may show: published, or the caller is the review's author, shop or platform. */
const shown = (ctx: RequestContext, row: ReviewRow, status: ReviewRow['status'] | null): status is ReviewRow['status'] =>
  status !== null && (status === 'PUBLISHED' || canReadPrivate(ctx, row));

export const Review: ReviewResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => loadReview(ctx, ref.id),
  shop: (row: ReviewRow) => ({ __typename: 'Shop', id: row.shopId }),
  spu: (row: ReviewRow) => ({ __typename: 'Spu', id: row.spuId }),
  sku: (row: ReviewRow) => ({ __typename: 'Sku', id: row.skuId }),
  reviewer: (row: ReviewRow) => ({ __typename: 'Member', id: row.memberId }),
  reviewerName: (row: ReviewRow, _: unknown, ctx: RequestContext) => reviewerName(ctx, row),
  orderId: (row: ReviewRow, _: unknown, ctx: RequestContext) => (canReadPrivate(ctx, row) ? row.orderId : null),
  orderLineId: (row: ReviewRow, _: unknown, ctx: RequestContext) => (canReadPrivate(ctx, row) ? row.orderLineId : null),
  followUp: (row: ReviewRow, _: unknown, ctx: RequestContext) => {
    const { followUpText: text, followUpAt: createdAt, followUpStatus: status } = row;
    return text !== null && createdAt && shown(ctx, row, status) ? { text, imageUrls: row.followUpImageUrls ?? [], status, createdAt } : null;
  },
  reply: (row: ReviewRow, _: unknown, ctx: RequestContext) => {
    const { replyText: text, repliedAt: createdAt, replyStatus: status } = row;
    return text !== null && createdAt && shown(ctx, row, status) ? { text, status, createdAt } : null;
  },
};
