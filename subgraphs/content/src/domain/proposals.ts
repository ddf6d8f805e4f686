import { and, eq, type SQL } from 'drizzle-orm';
import {
  isId,
  listTable,
  loadScoped,
  marketingService,
  newId,
  ok,
  Problems,
  requiredText,
  rowById,
  scopedWhere,
  shopForWrite,
  type ConnectionArgs,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import { bannerProposals, type BannerProposalRow, type Channel } from '../db/tables.ts';
import { assertCanDecideProposal } from './access.ts';
import { MAX_ITEMS, type ContentItemRow, type PageDocument } from './document.ts';
import { BANNER_PROPOSAL_ID_PREFIX, CAMPAIGN_ID_PREFIX, CONTENT_ITEM_ID_PREFIX, PAGE_ID_PREFIX } from './ids.ts';
import { findPage } from './pages.ts';
import { bannerProposalTenancy } from './tenancy.ts';
import { checkUrl } from './urls.ts';
import { currentDocument, writeDraft } from './versions.ts';

export interface ProposeBannerInput {
  shopId?: string | null;
  campaignId: string;
  channel: Channel;
  title: string;
  imageUrl: string;
  startsAt: Date;
  endsAt: Date;
}

export interface ProposalFilter {
  shopId?: string | null;
  status?: BannerProposalRow['status'] | null;
}

export function loadProposal(ctx: RequestContext, id: string): Promise<BannerProposalRow | null> {
  return rowById(ctx, 'content.proposalById', bannerProposals, BANNER_PROPOSAL_ID_PREFIX, id);
}

export function findProposal(ctx: RequestContext, id: string): Promise<BannerProposalRow | null> {
  return loadScoped(ctx, bannerProposalTenancy, loadProposal(ctx, id), 'read');
}

/** Proposals newest first: a merchant's own shop (another shop asked for is FORBIDDEN), every shop for operators. */
export function listProposals(ctx: RequestContext, args: ConnectionArgs, filter: ProposalFilter = {}) {
  const conditions: (SQL | undefined)[] = [scopedWhere(ctx, bannerProposalTenancy, { shopId: filter.shopId })];
  if (filter.status) conditions.push(eq(bannerProposals.status, filter.status));
  return listTable(ctx.db, bannerProposals, args, { where: and(...conditions), sort: { column: bannerProposals.createdAt, direction: 'DESC' } });
}

/**
 * A merchant proposes a banner for a campaign its shop runs: its own campaign, or a platform
 * campaign it takes part in (a promotion or flash sale of the shop in it). The banner's window lies
 * inside the campaign's. It waits (PENDING) for an operator.
 */
export async function proposeBanner(ctx: RequestContext, input: ProposeBannerInput): Promise<Result<BannerProposalRow>> {
  const shopId = shopForWrite(ctx, bannerProposalTenancy, input.shopId);
  const problems = new Problems();
  if (!shopId) return problems.add(['input', 'shopId'], 'REQUIRED', 'A proposal is a shop’s: name the shop').refuse();
  const title = requiredText(problems, input.title, ['input', 'title'], 'Title', 60);
  const imageUrl = checkUrl(problems, input.imageUrl, ['input', 'imageUrl'], 'An image');
  problems.check(input.endsAt.getTime() > input.startsAt.getTime(), ['input', 'endsAt'], 'OUT_OF_RANGE', 'A banner ends after it starts');
  if (
    !problems.check(isId(CAMPAIGN_ID_PREFIX, input.campaignId), ['input', 'campaignId'], 'INVALID_ID', `"${input.campaignId}" is not a campaign id`) ||
    problems.any
  )
    return problems.refuse();
  const { campaignStandings } = await ctx.services.call(marketingService.linkStandings, { campaignIds: [input.campaignId], couponTemplateIds: [] });
  const campaign = campaignStandings[0];
  if (!campaign) return problems.add(['input', 'campaignId'], 'NOT_FOUND', `Campaign ${input.campaignId} not found`).refuse();
  if (!campaign.participantShopIds.includes(shopId))
    return problems.add(['input', 'campaignId'], 'INVALID', 'The shop does not run this campaign (no promotion or flash sale of it there)').refuse();
  problems.check(
    input.startsAt.getTime() >= Date.parse(campaign.startsAt) && input.endsAt.getTime() <= Date.parse(campaign.endsAt),
    ['input', 'startsAt'],
    'OUT_OF_RANGE',
    `The banner runs inside the campaign (${campaign.startsAt} to ${campaign.endsAt})`,
  );
  if (problems.any || !title || !imageUrl) return problems.refuse();
  const [row] = await ctx.db
    .insert(bannerProposals)
    .values({
      id: newId(BANNER_PROPOSAL_ID_PREFIX),
      shopId,
      campaignId: campaign.id,
      channel: input.channel,
      title,
      imageUrl,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      proposedBy: ctx.claims?.subject ?? 'system',
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return ok(row);
}

async function pendingProposal(problems: Problems, ctx: RequestContext, id: string): Promise<BannerProposalRow | undefined> {
  if (!isId(BANNER_PROPOSAL_ID_PREFIX, id)) return void problems.add(['input', 'id'], 'INVALID_ID', `"${id}" is not a banner proposal id`);
  const row = await loadProposal(ctx, id);
  if (!row) return void problems.add(['input', 'id'], 'NOT_FOUND', `Banner proposal ${id} not found`);
  if (row.status !== 'PENDING') return void problems.add(['input', 'id'], 'INVALID_TRANSITION', `This proposal was ${row.status.toLowerCase()} already`);
  return row;
}

/**
 * An operator approves a proposal into a page of its channel: the banner (linking the campaign,
 * with the proposal's window) joins the first banner carousel of the page's draft (a carousel is
 * added on top when the page has none; a draft is opened from the live version when there is
 * none). It goes live when the operator publishes the draft.
 */
export async function approveProposal(ctx: RequestContext, input: { id: string; pageId: string }): Promise<Result<BannerProposalRow>> {
  assertCanDecideProposal(ctx);
  const problems = new Problems();
  const proposal = await pendingProposal(problems, ctx, input.id);
  const page = isId(PAGE_ID_PREFIX, input.pageId) ? await findPage(ctx, input.pageId) : null;
  if (!page) problems.add(['input', 'pageId'], 'NOT_FOUND', `Content page ${input.pageId} not found`);
  if (!proposal || !page || problems.any) return problems.refuse();
  if (page.channel !== proposal.channel)
    return problems.add(['input', 'pageId'], 'INVALID', `The banner was proposed for ${proposal.channel}, the page is ${page.channel}`).refuse();
  const item: ContentItemRow = {
    id: newId(CONTENT_ITEM_ID_PREFIX),
    title: proposal.title,
    imageUrl: proposal.imageUrl,
    link: { kind: 'CAMPAIGN', targetId: proposal.campaignId, url: null },
    startsAt: proposal.startsAt.toISOString(),
    endsAt: proposal.endsAt.toISOString(),
    targeting: null,
    proposalId: proposal.id,
  };
  const decided = await ctx.db.transaction(async (tx) => {
    // The draft is read under its row lock, so a concurrent save cannot slip between the read and the write.
    const document = withBanner(await currentDocument(ctx, tx, page), item);
    if (!document) return 'FULL' as const;
    const [row] = await tx
      .update(bannerProposals)
      .set({ status: 'APPROVED', decidedBy: ctx.claims?.subject ?? 'system', decidedAt: ctx.now(), pageId: page.id, itemId: item.id, updatedAt: new Date() })
      .where(and(eq(bannerProposals.id, proposal.id), eq(bannerProposals.status, 'PENDING')))
      .returning();
    if (row) await writeDraft(ctx, tx, page.id, document, null);
    return row ?? null;
  });
  if (decided === 'FULL') return problems.add(['input', 'pageId'], 'TOO_MANY', `The page's banner carousel holds ${MAX_ITEMS.BANNER} banners already`).refuse();
  if (!decided) return problems.add(['input', 'id'], 'INVALID_TRANSITION', 'The proposal was decided meanwhile').refuse();
  return ok(decided);
}

/** The document with `item` last in its first banner carousel; null when that carousel is full. */
export function withBanner(document: PageDocument, item: ContentItemRow): PageDocument | null {
  const index = document.slots.findIndex((s) => s.type === 'BANNER');
  if (index < 0) return { slots: [{ key: uniqueKey(document, 'banner'), type: 'BANNER', title: null, items: [item], productQuery: null }, ...document.slots] };
  if ((document.slots[index]?.items.length ?? 0) >= MAX_ITEMS.BANNER) return null;
  return { slots: document.slots.map((s, i) => (i === index ? { ...s, items: [...s.items, item] } : s)) };
}

function uniqueKey(document: PageDocument, base: string): string {
  const keys = new Set(document.slots.map((s) => s.key));
  for (let n = 1; ; n++) if (!keys.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** An operator turns a proposal down, saying why (the merchant reads it). */
export async function rejectProposal(ctx: RequestContext, input: { id: string; reason: string }): Promise<Result<BannerProposalRow>> {
  assertCanDecideProposal(ctx);
  const problems = new Problems();
  const reason = requiredText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  const proposal = await pendingProposal(problems, ctx, input.id);
  if (!proposal || !reason || problems.any) return problems.refuse();
  const [row] = await ctx.db
    .update(bannerProposals)
    .set({ status: 'REJECTED', decisionReason: reason, decidedBy: ctx.claims?.subject ?? 'system', decidedAt: ctx.now(), updatedAt: new Date() })
    .where(and(eq(bannerProposals.id, proposal.id), eq(bannerProposals.status, 'PENDING')))
    .returning();
  if (!row) return problems.add(['input', 'id'], 'INVALID_TRANSITION', 'The proposal was decided meanwhile').refuse();
  return ok(row);
}
