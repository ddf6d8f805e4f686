import { and, eq, type SQL } from 'drizzle-orm';
import {
  badUserInput,
  isUniqueViolation,
  listTable,
  loadScoped,
  newId,
  ok,
  Problems,
  requiredText,
  rowById,
  scopedWhere,
  type ConnectionArgs,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import { contentPages, type Channel, type ContentPageRow, type PageKind } from '../db/tables.ts';
import { assertCanWritePage } from './access.ts';
import { PAGE_ID_PREFIX } from './ids.ts';
import { checkLinkList } from './links.ts';
import { contentPageTenancy } from './tenancy.ts';

export interface CreatePageInput {
  kind: PageKind;
  channel: Channel;
  name: string;
  categoryId?: string | null;
  campaignId?: string | null;
}

export interface PageFilter {
  kind?: PageKind | null;
  channel?: Channel | null;
}

export function loadPage(ctx: RequestContext, id: string): Promise<ContentPageRow | null> {
  return rowById(ctx, 'content.pageById', contentPages, PAGE_ID_PREFIX, id);
}

/** One page, for whoever may read the platform's pages (FORBIDDEN otherwise); null when there is none. */
export function findPage(ctx: RequestContext, id: string): Promise<ContentPageRow | null> {
  return loadScoped(ctx, contentPageTenancy, loadPage(ctx, id), 'read');
}

/** Pages, oldest first, narrowed by kind and channel. */
export function listPages(ctx: RequestContext, args: ConnectionArgs, filter: PageFilter = {}) {
  const conditions: (SQL | undefined)[] = [scopedWhere(ctx, contentPageTenancy)];
  if (filter.kind) conditions.push(eq(contentPages.kind, filter.kind));
  if (filter.channel) conditions.push(eq(contentPages.channel, filter.channel));
  return listTable(ctx.db, contentPages, args, { where: and(...conditions), sort: { column: contentPages.createdAt, direction: 'ASC' } });
}

/** The page customers of `channel` open first; null until an operator creates it. */
export async function homePageOf(ctx: RequestContext, channel: Channel): Promise<ContentPageRow | null> {
  const [row] = await ctx.db
    .select()
    .from(contentPages)
    .where(and(eq(contentPages.kind, 'HOME'), eq(contentPages.channel, channel)));
  return row ?? null;
}

/** A category's landing page or a campaign's page of `channel`, by what it is for; null when there is none. */
export async function landingPageOf(
  ctx: RequestContext,
  channel: Channel,
  target: { categoryId?: string | null; campaignId?: string | null },
): Promise<ContentPageRow | null> {
  const { categoryId, campaignId } = target;
  const named =
    categoryId && !campaignId ? eq(contentPages.categoryId, categoryId) : campaignId && !categoryId ? eq(contentPages.campaignId, campaignId) : null;
  if (!named) throw badUserInput('Name a category or a campaign, one of the two', ['categoryId']);
  const [row] = await ctx.db
    .select()
    .from(contentPages)
    .where(and(eq(contentPages.channel, channel), eq(contentPages.kind, categoryId ? 'CATEGORY' : 'CAMPAIGN'), named));
  return row ?? null;
}

/**
 * A new page, with nothing live until its first version is published. A category landing page
 * names an enabled category, a campaign page a campaign; one page of each per channel.
 */
export async function createPage(ctx: RequestContext, input: CreatePageInput): Promise<Result<ContentPageRow>> {
  const id = newId(PAGE_ID_PREFIX);
  assertCanWritePage(ctx, { id });
  const problems = new Problems();
  const name = requiredText(problems, input.name, ['input', 'name'], 'Name', 100);
  const categoryId = input.categoryId ?? null;
  const campaignId = input.campaignId ?? null;
  problems.check(
    (input.kind === 'CATEGORY') === (categoryId !== null),
    ['input', 'categoryId'],
    input.kind === 'CATEGORY' ? 'REQUIRED' : 'INVALID',
    'A category landing page, and only it, names a category',
  );
  problems.check(
    (input.kind === 'CAMPAIGN') === (campaignId !== null),
    ['input', 'campaignId'],
    input.kind === 'CAMPAIGN' ? 'REQUIRED' : 'INVALID',
    'A campaign page, and only it, names a campaign',
  );
  if (problems.any || !name) return problems.refuse();
  await checkLinkList(ctx, problems, [
    ...(categoryId ? [{ kind: 'CATEGORY' as const, id: categoryId, field: ['input', 'categoryId'] }] : []),
    ...(campaignId ? [{ kind: 'CAMPAIGN' as const, id: campaignId, field: ['input', 'campaignId'] }] : []),
  ]);
  if (problems.any) return problems.refuse();
  try {
    const [row] = await ctx.db.insert(contentPages).values({ id, kind: input.kind, channel: input.channel, name, categoryId, campaignId }).returning();
    if (!row) throw new Error('insert returned no row');
    return ok(row);
  } catch (error) {
    if (isUniqueViolation(error)) return problems.add(['input', 'kind'], 'DUPLICATE', `This ${input.kind} page of ${input.channel} already exists`).refuse();
    throw error;
  }
}
