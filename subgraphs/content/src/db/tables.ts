import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgSchema, text, uniqueIndex, varchar, check } from 'drizzle-orm/pg-core';
import { idColumn, outboxTable, processedEventsTable, timestampColumn, timestamps } from '@zhongtai/kit';
import type { PageDocument } from '../domain/document.ts';

export const contentSchema = pgSchema('content');

export const PAGE_KINDS = ['HOME', 'CATEGORY', 'CAMPAIGN'] as const;
export const CHANNELS = ['APP', 'H5', 'MINI_PROGRAM', 'PC'] as const;
export const VERSION_STATUSES = ['DRAFT', 'PUBLISHED'] as const;
export const RELEASE_ACTIONS = ['PUBLISH', 'ROLLBACK'] as const;
export const PROPOSAL_STATUSES = ['PENDING', 'APPROVED', 'REJECTED'] as const;

export const pageKind = contentSchema.enum('page_kind', PAGE_KINDS);
export const channel = contentSchema.enum('channel', CHANNELS);
export const versionStatus = contentSchema.enum('version_status', VERSION_STATUSES);
export const releaseAction = contentSchema.enum('release_action', RELEASE_ACTIONS);
export const proposalStatus = contentSchema.enum('proposal_status', PROPOSAL_STATUSES);

/**
 * A storefront page of one channel: the home page, a category's landing page or a campaign's page.
 * What it shows lives in its versions; `live_version_id` is the published version customers get.
 */
export const contentPages = contentSchema.table(
  'content_pages',
  {
    id: idColumn().primaryKey(),
    kind: pageKind('kind').notNull(),
    channel: channel('channel').notNull(),
    name: varchar('name', { length: 100 }).notNull(),
    /** The catalog's category of a CATEGORY landing page. */
    categoryId: idColumn('category_id'),
    /** The marketing center's campaign of a CAMPAIGN page. */
    campaignId: idColumn('campaign_id'),
    liveVersionId: idColumn('live_version_id'),
    ...timestamps(),
  },
  (t) => [
    // One home page per channel, one landing page per category and channel, one page per campaign and channel.
    uniqueIndex('content_pages_home')
      .on(t.channel)
      .where(sql`${t.kind} = 'HOME'`),
    uniqueIndex('content_pages_category')
      .on(t.channel, t.categoryId)
      .where(sql`${t.kind} = 'CATEGORY'`),
    uniqueIndex('content_pages_campaign')
      .on(t.channel, t.campaignId)
      .where(sql`${t.kind} = 'CAMPAIGN'`),
    index('content_pages_created_idx').on(t.createdAt, t.id),
    check('content_pages_target', sql`(${t.kind} = 'CATEGORY') = (${t.categoryId} is not null) and (${t.kind} = 'CAMPAIGN') = (${t.campaignId} is not null)`),
  ],
);

/**
 * One version of a page: its whole layout (ordered slots and their items) as one document. A DRAFT
 * is edited in place; publishing freezes it: the domain updates a version only `where status =
 * 'DRAFT'`, so a published version never changes, and rollback only moves the page's pointer.
 */
export const pageVersions = contentSchema.table(
  'page_versions',
  {
    id: idColumn().primaryKey(),
    pageId: idColumn('page_id')
      .notNull()
      .references(() => contentPages.id),
    number: integer('number').notNull(),
    status: versionStatus('status').notNull().default('DRAFT'),
    document: jsonb('document').$type<PageDocument>().notNull(),
    note: text('note'),
    createdBy: varchar('created_by', { length: 100 }).notNull(),
    publishedAt: timestampColumn('published_at'),
    publishedBy: varchar('published_by', { length: 100 }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('page_versions_number').on(t.pageId, t.number),
    // At most one draft per page, whatever races.
    uniqueIndex('page_versions_one_draft')
      .on(t.pageId)
      .where(sql`${t.status} = 'DRAFT'`),
    index('page_versions_page_idx').on(t.pageId, t.createdAt, t.id),
  ],
);

/** What went live when: each publication and rollback of a page, who did it and why. */
export const pageReleases = contentSchema.table(
  'page_releases',
  {
    id: idColumn().primaryKey(),
    pageId: idColumn('page_id')
      .notNull()
      .references(() => contentPages.id),
    versionId: idColumn('version_id')
      .notNull()
      .references(() => pageVersions.id),
    action: releaseAction('action').notNull(),
    reason: text('reason'),
    actor: varchar('actor', { length: 100 }).notNull(),
    createdAt: timestampColumn('created_at').notNull().defaultNow(),
  },
  (t) => [index('page_releases_page_idx').on(t.pageId, t.createdAt)],
);

/**
 * A merchant's banner for a campaign its shop runs, waiting for an operator: approved, it becomes
 * an item of a page's draft (`page_id`, `item_id`); rejected, it keeps the reason.
 */
export const bannerProposals = contentSchema.table(
  'banner_proposals',
  {
    id: idColumn().primaryKey(),
    shopId: idColumn('shop_id').notNull(),
    campaignId: idColumn('campaign_id').notNull(),
    channel: channel('channel').notNull(),
    title: varchar('title', { length: 60 }).notNull(),
    imageUrl: varchar('image_url', { length: 500 }).notNull(),
    startsAt: timestampColumn('starts_at').notNull(),
    endsAt: timestampColumn('ends_at').notNull(),
    status: proposalStatus('status').notNull().default('PENDING'),
    decisionReason: text('decision_reason'),
    decidedBy: varchar('decided_by', { length: 100 }),
    decidedAt: timestampColumn('decided_at'),
    pageId: idColumn('page_id').references(() => contentPages.id),
    itemId: idColumn('item_id'),
    proposedBy: varchar('proposed_by', { length: 100 }).notNull(),
    ...timestamps(),
  },
  (t) => [
    index('banner_proposals_shop_idx').on(t.shopId, t.createdAt, t.id),
    index('banner_proposals_status_idx').on(t.status, t.createdAt, t.id),
    index('banner_proposals_created_idx').on(t.createdAt, t.id),
    check('banner_proposals_window', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

export type ContentPageRow = typeof contentPages.$inferSelect;
export type ContentPageVersionRow = typeof pageVersions.$inferSelect;
export type ContentPageReleaseRow = typeof pageReleases.$inferSelect;
export type BannerProposalRow = typeof bannerProposals.$inferSelect;
export type PageKind = ContentPageRow['kind'];
export type Channel = ContentPageRow['channel'];

export const outbox = outboxTable(contentSchema);
export const processedEvents = processedEventsTable(contentSchema);
