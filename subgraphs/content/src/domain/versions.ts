import { and, asc, eq, max } from 'drizzle-orm';
import {
  anyOf,
  isId,
  isUniqueViolation,
  listTable,
  newId,
  ok,
  optionalText,
  Problems,
  requiredText,
  rowById,
  rowsByParent,
  type ConnectionArgs,
  type Db,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import { contentPages, pageReleases, pageVersions, type ContentPageReleaseRow, type ContentPageRow, type ContentPageVersionRow } from '../db/tables.ts';
import { assertCanWritePage } from './access.ts';
import { parseDocument, type ContentSlotInput, type PageDocument } from './document.ts';
import { PAGE_ID_PREFIX, PAGE_RELEASE_ID_PREFIX, PAGE_VERSION_ID_PREFIX } from './ids.ts';
import { checkLinks } from './links.ts';
import { findPage } from './pages.ts';

export interface SaveDraftInput {
  pageId: string;
  slots: ContentSlotInput[];
  note?: string | null;
}

const actorOf = (ctx: RequestContext) => ctx.claims?.subject ?? 'system';

export function loadVersion(ctx: RequestContext, id: string): Promise<ContentPageVersionRow | null> {
  return rowById(ctx, 'content.versionById', pageVersions, PAGE_VERSION_ID_PREFIX, id);
}

/** A page's versions, newest first. */
export function versionsOf(ctx: RequestContext, pageId: string, args: ConnectionArgs) {
  return listTable(ctx.db, pageVersions, args, { where: eq(pageVersions.pageId, pageId), sort: { column: pageVersions.number, direction: 'DESC' } });
}

/** The page's draft, if one is open (batched over a page of pages). */
export async function draftOf(ctx: RequestContext, pageId: string): Promise<ContentPageVersionRow | null> {
  const drafts = await rowsByParent(ctx, 'content.draftByPage', pageVersions, { parent: pageVersions.pageId, where: eq(pageVersions.status, 'DRAFT') }, pageId);
  return drafts[0] ?? null;
}

/** What went live when on a page, oldest first. */
export function releasesOf(ctx: RequestContext, pageId: string): Promise<ContentPageReleaseRow[]> {
  return rowsByParent(
    ctx,
    'content.releasesByPage',
    pageReleases,
    { parent: pageReleases.pageId, orderBy: [asc(pageReleases.createdAt), asc(pageReleases.id)] },
    pageId,
  );
}

async function pageFor(problems: Problems, ctx: RequestContext, id: string): Promise<ContentPageRow | undefined> {
  if (!isId(PAGE_ID_PREFIX, id)) return void problems.add(['input', 'pageId'], 'INVALID_ID', `"${id}" is not a content page id`);
  const page = await findPage(ctx, id);
  if (!page) problems.add(['input', 'pageId'], 'NOT_FOUND', `Content page ${id} not found`);
  return page ?? undefined;
}

/**
 * Saves the page's draft: the whole layout, replacing what the draft held (a draft is opened when
 * the page has none). Every link is checked against its owner first. Items that came from a
 * merchant's proposal keep saying so as long as they keep their id.
 */
export async function saveDraft(ctx: RequestContext, input: SaveDraftInput): Promise<Result<ContentPageVersionRow>> {
  const problems = new Problems();
  const page = await pageFor(problems, ctx, input.pageId);
  if (!page) return problems.refuse();
  assertCanWritePage(ctx, page);
  const note = optionalText(problems, input.note, ['input', 'note'], 'Note', 500);
  const previous = (await draftOf(ctx, page.id)) ?? (page.liveVersionId ? await loadVersion(ctx, page.liveVersionId) : null);
  const proposalOf = new Map((previous?.document.slots ?? []).flatMap((s) => s.items.map((i) => [i.id, i.proposalId] as const)));
  const document = parseDocument(problems, input.slots, { proposalOf });
  if (problems.any) return problems.refuse();
  await checkLinks(ctx, problems, document);
  if (problems.any) return problems.refuse();
  try {
    return ok(await ctx.db.transaction((tx) => writeDraft(ctx, tx, page.id, document, note)));
  } catch (error) {
    // Two first saves of one page at once: the partial unique index lets one open the draft.
    if (isUniqueViolation(error, 'page_versions_one_draft') || isUniqueViolation(error, 'page_versions_number'))
      return problems.add(['input', 'pageId'], 'DUPLICATE', 'The draft was opened meanwhile; reload and save again').refuse();
    throw error;
  }
}

/** Writes `document` into the page's draft inside `tx`, opening one (numbered after the last version) when there is none. */
export async function writeDraft(ctx: RequestContext, tx: Db, pageId: string, document: PageDocument, note: string | null): Promise<ContentPageVersionRow> {
  const [updated] = await tx
    .update(pageVersions)
    .set({ document, ...(note !== null ? { note } : {}), updatedAt: new Date() })
    .where(and(eq(pageVersions.pageId, pageId), eq(pageVersions.status, 'DRAFT')))
    .returning();
  if (updated) return updated;
  const [last] = await tx
    .select({ n: max(pageVersions.number) })
    .from(pageVersions)
    .where(eq(pageVersions.pageId, pageId));
  const [inserted] = await tx
    .insert(pageVersions)
    .values({ id: newId(PAGE_VERSION_ID_PREFIX), pageId, number: (last?.n ?? 0) + 1, document, note, createdBy: actorOf(ctx) })
    .returning();
  if (!inserted) throw new Error('insert returned no row');
  return inserted;
}

/** The document a new draft starts from when something is added to a page with no draft: what is live, or nothing. */
export async function currentDocument(ctx: RequestContext, tx: Db, page: ContentPageRow): Promise<PageDocument> {
  const [draft] = await tx
    .select()
    .from(pageVersions)
    .where(and(eq(pageVersions.pageId, page.id), eq(pageVersions.status, 'DRAFT')))
    .for('update');
  if (draft) return draft.document;
  // Read through `tx`: on a single connection (PGlite) a read outside the open transaction would wait for it forever.
  const [live] = page.liveVersionId ? await tx.select().from(pageVersions).where(eq(pageVersions.id, page.liveVersionId)) : [];
  return live ? live.document : { slots: [] };
}

/**
 * Publishes the page's draft: it becomes the live version and is never changed again (every later
 * edit opens a new draft). The change is guarded on the draft's status, so of two racing
 * publications one applies.
 */
export async function publishPage(ctx: RequestContext, input: { pageId: string; note?: string | null }): Promise<Result<ContentPageVersionRow>> {
  const problems = new Problems();
  const note = optionalText(problems, input.note, ['input', 'note'], 'Note', 500);
  const page = await pageFor(problems, ctx, input.pageId);
  if (!page || problems.any) return problems.refuse();
  assertCanWritePage(ctx, page);
  const draft = await draftOf(ctx, page.id);
  if (!draft) return problems.add(['input', 'pageId'], 'NOT_FOUND', 'This page has no draft to publish').refuse();
  const published = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(pageVersions)
      .set({ status: 'PUBLISHED', publishedAt: ctx.now(), publishedBy: actorOf(ctx), ...(note !== null ? { note } : {}), updatedAt: new Date() })
      .where(and(eq(pageVersions.id, draft.id), eq(pageVersions.status, 'DRAFT')))
      .returning();
    if (!row) return null;
    await tx.update(contentPages).set({ liveVersionId: row.id, updatedAt: new Date() }).where(eq(contentPages.id, page.id));
    await tx
      .insert(pageReleases)
      .values({ id: newId(PAGE_RELEASE_ID_PREFIX), pageId: page.id, versionId: row.id, action: 'PUBLISH', reason: note, actor: actorOf(ctx) });
    return row;
  });
  if (!published) return problems.add(['input', 'pageId'], 'INVALID_TRANSITION', 'The draft was published meanwhile').refuse();
  return ok(published);
}

/**
 * Makes an earlier published version the live one again. The version itself is untouched (it was
 * immutable already); the page's pointer moves, guarded on where it pointed when read.
 */
export async function rollbackPage(ctx: RequestContext, input: { pageId: string; versionId: string; reason: string }): Promise<Result<ContentPageVersionRow>> {
  const problems = new Problems();
  const reason = requiredText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  const page = await pageFor(problems, ctx, input.pageId);
  if (!page || !reason || problems.any) return problems.refuse();
  assertCanWritePage(ctx, page);
  const version = isId(PAGE_VERSION_ID_PREFIX, input.versionId) ? await loadVersion(ctx, input.versionId) : null;
  if (!version || version.pageId !== page.id) return problems.add(['input', 'versionId'], 'NOT_FOUND', 'Not a version of this page').refuse();
  if (version.status !== 'PUBLISHED')
    return problems.add(['input', 'versionId'], 'INVALID_TRANSITION', 'Only a version that was published can go live again').refuse();
  if (version.id === page.liveVersionId) return problems.add(['input', 'versionId'], 'INVALID_TRANSITION', 'This version is live already').refuse();
  const moved = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(contentPages)
      .set({ liveVersionId: version.id, updatedAt: new Date() })
      .where(and(eq(contentPages.id, page.id), page.liveVersionId ? eq(contentPages.liveVersionId, page.liveVersionId) : undefined))
      .returning();
    if (!row) return false;
    await tx
      .insert(pageReleases)
      .values({ id: newId(PAGE_RELEASE_ID_PREFIX), pageId: page.id, versionId: version.id, action: 'ROLLBACK', reason, actor: actorOf(ctx) });
    return true;
  });
  if (!moved) return problems.add(['input', 'pageId'], 'INVALID_TRANSITION', 'The live version changed meanwhile; reload and retry').refuse();
  return ok(version);
}

/**
 * Whether `version` is the one its page shows now, batched over a page of versions. Its own loader,
 * not the page loader: a publication or rollback read the page before moving its pointer.
 */
export async function isLive(ctx: RequestContext, version: ContentPageVersionRow): Promise<boolean> {
  const pointer = await ctx.loaders
    .byId('content.livePointer', (ids) =>
      ctx.db.select({ id: contentPages.id, liveVersionId: contentPages.liveVersionId }).from(contentPages).where(anyOf(contentPages.id, ids)),
    )
    .load(version.pageId);
  return pointer?.liveVersionId === version.id;
}
