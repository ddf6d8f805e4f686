import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgSchema, primaryKey, smallint, text, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { idColumn, outboxTable, timestampColumn, timestamps } from '@zhongtai/kit';

export const reviewsSchema = pgSchema('reviews');

export const REVIEW_STATUSES = ['PENDING_MODERATION', 'PUBLISHED', 'REJECTED', 'HIDDEN'] as const;
export const WORD_CLASSES = ['BLOCK', 'REVIEW', 'MASK'] as const;
export const CASE_PARTS = ['REVIEW', 'FOLLOW_UP', 'REPLY'] as const;
export const CASE_REASONS = ['SENSITIVE_WORDS', 'IMAGE', 'REPORT'] as const;
export const CASE_STATUSES = ['OPEN', 'APPROVED', 'REJECTED'] as const;

export const reviewStatus = reviewsSchema.enum('review_status', REVIEW_STATUSES);
export const wordClass = reviewsSchema.enum('word_class', WORD_CLASSES);
export const casePart = reviewsSchema.enum('case_part', CASE_PARTS);
export const caseReason = reviewsSchema.enum('case_reason', CASE_REASONS);
export const caseStatus = reviewsSchema.enum('case_status', CASE_STATUSES);

/**
 * 评价: a customer's review of one line of their order, with its follow-up (追评) and the shop's
 * reply on the same row (each has at most one). Shop, member, SPU and SKU are copied from the order
 * when it is written, so lists, scoping and aggregates need no other center. `text` is what is
 * shown: MASK words already replaced by `*`.
 */
export const reviews = reviewsSchema.table(
  'reviews',
  {
    id: idColumn().primaryKey(),
    orderId: idColumn('order_id').notNull(),
    orderLineId: idColumn('order_line_id').notNull(),
    shopId: idColumn('shop_id').notNull(),
    memberId: idColumn('member_id').notNull(),
    spuId: idColumn('spu_id').notNull(),
    skuId: idColumn('sku_id').notNull(),
    rating: smallint('rating').notNull(),
    text: text('text').notNull(),
    imageUrls: jsonb('image_urls')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    hasImages: boolean('has_images').notNull().default(false),
    anonymous: boolean('anonymous').notNull().default(true),
    status: reviewStatus('status').notNull(),
    /** Why an operator hid or rejected it (shown to its author and staff). */
    statusReason: text('status_reason'),
    helpfulCount: integer('helpful_count').notNull().default(0),
    /** When it first became PUBLISHED (the storefront's "newest" order). */
    publishedAt: timestampColumn('published_at'),
    followUpText: text('follow_up_text'),
    followUpImageUrls: jsonb('follow_up_image_urls').$type<string[]>(),
    followUpStatus: reviewStatus('follow_up_status'),
    followUpAt: timestampColumn('follow_up_at'),
    replyText: text('reply_text'),
    replyStatus: reviewStatus('reply_status'),
    repliedAt: timestampColumn('replied_at'),
    /** When the line's order was completed (or delivered): the follow-up window runs from it. */
    orderDoneAt: timestampColumn('order_done_at').notNull(),
    ...timestamps(),
  },
  (t) => [
    // Once per line, whatever races: the database decides.
    uniqueIndex('reviews_line_key').on(t.orderLineId),
    index('reviews_spu_published_idx').on(t.spuId, t.status, t.publishedAt, t.id),
    index('reviews_spu_helpful_idx').on(t.spuId, t.status, t.helpfulCount, t.id),
    index('reviews_shop_idx').on(t.shopId, t.createdAt, t.id),
    index('reviews_member_idx').on(t.memberId, t.createdAt, t.id),
    index('reviews_status_idx').on(t.status, t.createdAt, t.id),
    index('reviews_created_idx').on(t.createdAt, t.id),
    check('reviews_rating_range', sql`${t.rating} between 1 and 5`),
  ],
);

/** 店铺评分: the customer's scores of the shop for one order (description, service, logistics), once per order. */
export const shopScores = reviewsSchema.table(
  'shop_scores',
  {
    orderId: idColumn('order_id').primaryKey(),
    shopId: idColumn('shop_id').notNull(),
    memberId: idColumn('member_id').notNull(),
    description: smallint('description').notNull(),
    service: smallint('service').notNull(),
    logistics: smallint('logistics').notNull(),
    createdAt: timestampColumn('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('shop_scores_shop_idx').on(t.shopId),
    check('shop_scores_range', sql`${t.description} between 1 and 5 and ${t.service} between 1 and 5 and ${t.logistics} between 1 and 5`),
  ],
);

/**
 * The rating of a product or a shop over its PUBLISHED reviews, kept up to date in the transaction
 * that publishes or hides a review (never recomputed per request). `subject` is an SPU or shop id;
 * shop scores add to the shop's row only.
 */
export const ratingTotals = reviewsSchema.table('rating_totals', {
  subject: idColumn('subject').primaryKey(),
  count: integer('count').notNull().default(0),
  sum: integer('sum').notNull().default(0),
  /** Reviews with 1, 2, 3, 4, 5 stars. */
  stars: jsonb('stars')
    .$type<number[]>()
    .notNull()
    .default(sql`'[0,0,0,0,0]'::jsonb`),
  scoreCount: integer('score_count').notNull().default(0),
  descriptionSum: integer('description_sum').notNull().default(0),
  serviceSum: integer('service_sum').notNull().default(0),
  logisticsSum: integer('logistics_sum').notNull().default(0),
  updatedAt: timestampColumn('updated_at').notNull().defaultNow(),
});

/** 有用: one helpful vote per customer and review. */
export const helpfulVotes = reviewsSchema.table(
  'helpful_votes',
  {
    reviewId: idColumn('review_id')
      .notNull()
      .references(() => reviews.id),
    memberId: idColumn('member_id').notNull(),
    createdAt: timestampColumn('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.reviewId, t.memberId] })],
);

/** 举报: one report per customer and review; a report opens a moderation case. */
export const reviewReports = reviewsSchema.table(
  'review_reports',
  {
    reviewId: idColumn('review_id')
      .notNull()
      .references(() => reviews.id),
    memberId: idColumn('member_id').notNull(),
    reason: text('reason').notNull(),
    createdAt: timestampColumn('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.reviewId, t.memberId] })],
);

/**
 * The operators' queue: a part of a review (the review, its follow-up, the shop's reply) held
 * for a listed word or image, or reported by customers. One open case per part and reason.
 */
export const moderationCases = reviewsSchema.table(
  'moderation_cases',
  {
    id: idColumn().primaryKey(),
    reviewId: idColumn('review_id')
      .notNull()
      .references(() => reviews.id),
    shopId: idColumn('shop_id').notNull(),
    part: casePart('part').notNull(),
    reason: caseReason('reason').notNull(),
    status: caseStatus('status').notNull().default('OPEN'),
    /** The listed words or image URLs that held it; the reports' reasons for a REPORT. */
    findings: jsonb('findings')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    decidedBy: varchar('decided_by', { length: 100 }),
    note: text('note'),
    decidedAt: timestampColumn('decided_at'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('moderation_cases_open_key')
      .on(t.reviewId, t.part, t.reason)
      .where(sql`${t.status} = 'OPEN'`),
    index('moderation_cases_status_idx').on(t.status, t.createdAt, t.id),
    index('moderation_cases_review_idx').on(t.reviewId),
  ],
);

/** 敏感词: the platform's word list. `folded` is the word as the filter matches it (unique). */
export const sensitiveWords = reviewsSchema.table(
  'sensitive_words',
  {
    id: idColumn().primaryKey(),
    word: varchar('word', { length: 100 }).notNull(),
    folded: varchar('folded', { length: 100 }).notNull(),
    wordClass: wordClass('word_class').notNull(),
    ...timestamps(),
  },
  (t) => [uniqueIndex('sensitive_words_folded_key').on(t.folded), index('sensitive_words_created_idx').on(t.createdAt, t.id)],
);

/** Banned image hashes (lower-case hex digests of the image's content): a match sends a review to the queue. */
export const bannedImages = reviewsSchema.table(
  'banned_images',
  {
    id: idColumn().primaryKey(),
    hash: varchar('hash', { length: 128 }).notNull(),
    note: text('note'),
    ...timestamps(),
  },
  (t) => [uniqueIndex('banned_images_hash_key').on(t.hash), index('banned_images_created_idx').on(t.createdAt, t.id)],
);

/** One row: the version of the word list, bumped with every change so each process rebuilds its automaton. */
export const filterVersion = reviewsSchema.table('filter_version', {
  id: smallint('id').primaryKey(),
  version: integer('version').notNull().default(0),
});

export type ReviewRow = typeof reviews.$inferSelect;
export type ReviewStatus = ReviewRow['status'];
export type ShopScoreRow = typeof shopScores.$inferSelect;
export type RatingTotalsRow = typeof ratingTotals.$inferSelect;
export type ModerationCaseRow = typeof moderationCases.$inferSelect;
export type SensitiveWordRow = typeof sensitiveWords.$inferSelect;
export type BannedImageRow = typeof bannedImages.$inferSelect;

export const outbox = outboxTable(reviewsSchema);
