import { badUserInput, isId, membersService, type RequestContext } from '@zhongtai/kit';
import type { Channel, ContentPageRow, ContentPageVersionRow } from '../db/tables.ts';
import { contentSettings } from './config.ts';
import type { ContentSlotRow } from './document.ts';
import { MEMBER_ID_PREFIX, MEMBER_LEVEL_ID_PREFIX, PAGE_VERSION_ID_PREFIX } from './ids.ts';
import { sellingSpus } from './links.ts';
import { findPage, homePageOf, landingPageOf } from './pages.ts';
import { ANONYMOUS, isNewMember, linkedSpuIds, visibleSlots, withoutUnsellable, type Audience } from './schedule.ts';
import { draftOf, loadVersion } from './versions.ts';

/** A page as one audience sees it at one moment. */
export interface RenderedPageRow {
  page: ContentPageRow;
  version: ContentPageVersionRow;
  at: Date;
  slots: ContentSlotRow[];
}

/** Who a preview is for: a member (their level, region and join date, from the member center), or the three by hand. */
export interface PreviewAudienceInput {
  memberId?: string | null;
  memberLevelId?: string | null;
  region?: string | null;
  newMember?: boolean | null;
}

/**
 * What a version shows `audience` at `at`: items in their window and targeted to the audience;
 * then items linking a product that does not sell now are left out, asking the catalog once for
 * every product of the page. The status is asked on every read rather than copied from events:
 * the catalog publishes no status events, and a page costs one call, so a product taken off
 * shelf disappears at once without an operator touching the page.
 */
export async function render(
  ctx: RequestContext,
  page: ContentPageRow,
  version: ContentPageVersionRow,
  at: Date,
  audience: Audience,
): Promise<RenderedPageRow> {
  const visible = visibleSlots(version.document, at, audience);
  const selling = await sellingSpus(ctx, linkedSpuIds(visible));
  return { page, version, at, slots: withoutUnsellable(visible, selling) };
}

/** 首页 for the caller, now: a customer sees what is targeted to them, anyone else what is targeted to nobody. */
export async function homePage(ctx: RequestContext, channel: Channel): Promise<RenderedPageRow | null> {
  return liveForCaller(ctx, await homePageOf(ctx, channel));
}

/** A category's landing page or a campaign's page for the caller, now. */
export async function landingPage(ctx: RequestContext, channel: Channel, target: { categoryId?: string | null; campaignId?: string | null }) {
  return liveForCaller(ctx, await landingPageOf(ctx, channel, target));
}

async function liveForCaller(ctx: RequestContext, page: ContentPageRow | null): Promise<RenderedPageRow | null> {
  const version = page?.liveVersionId ? await loadVersion(ctx, page.liveVersionId) : null;
  if (!page || !version) return null;
  const at = ctx.now();
  return render(ctx, page, version, at, await callerAudience(ctx, at));
}

/**
 * "What will the home page be at 20:00 on 11-11 for a GOLD member in Guangdong?": any version of a
 * page (by default its draft, else its live version) at any time for any audience.
 */
export async function pagePreview(
  ctx: RequestContext,
  args: { pageId: string; versionId?: string | null; at: Date; audience?: PreviewAudienceInput | null },
): Promise<RenderedPageRow | null> {
  const page = await findPage(ctx, args.pageId);
  if (!page) return null;
  let version: ContentPageVersionRow | null;
  if (args.versionId) {
    version = isId(PAGE_VERSION_ID_PREFIX, args.versionId) ? await loadVersion(ctx, args.versionId) : null;
    if (!version || version.pageId !== page.id) throw badUserInput('Not a version of this page', ['versionId']);
  } else version = (await draftOf(ctx, page.id)) ?? (page.liveVersionId ? await loadVersion(ctx, page.liveVersionId) : null);
  if (!version) return null;
  return render(ctx, page, version, args.at, await previewAudience(ctx, args.audience ?? {}, args.at));
}

async function previewAudience(ctx: RequestContext, input: PreviewAudienceInput, at: Date): Promise<Audience> {
  if (input.memberId) {
    if (input.memberLevelId != null || input.region != null || input.newMember != null)
      throw badUserInput('Preview for a member, or for a level, region and new-member flag: not both', ['audience']);
    if (!isId(MEMBER_ID_PREFIX, input.memberId)) throw badUserInput(`"${input.memberId}" is not a member id`, ['audience', 'memberId']);
    const audience = await memberAudience(ctx, input.memberId, at);
    if (!audience) throw badUserInput(`Member ${input.memberId} not found`, ['audience', 'memberId']);
    return audience;
  }
  if (input.memberLevelId && !isId(MEMBER_LEVEL_ID_PREFIX, input.memberLevelId))
    throw badUserInput(`"${input.memberLevelId}" is not a member level id`, ['audience', 'memberLevelId']);
  return { levelId: input.memberLevelId ?? null, region: input.region?.trim() || null, newMember: input.newMember ?? false };
}

/** The signed-in customer as targeting sees them; any other caller (staff browsing the storefront) matches no targeted item. */
async function callerAudience(ctx: RequestContext, at: Date): Promise<Audience> {
  const claims = ctx.claims;
  if (claims?.role !== 'CUSTOMER' || !claims.memberId) return ANONYMOUS;
  return (await memberAudience(ctx, claims.memberId, at)) ?? ANONYMOUS;
}

/** A member's level, region (their default address's province) and whether they are new at `at`, from the member center. */
async function memberAudience(ctx: RequestContext, memberId: string, at: Date): Promise<Audience | null> {
  const { memberQuote } = await ctx.services.call(membersService.memberQuote, { memberId });
  if (!memberQuote) return null;
  return {
    levelId: memberQuote.levelId,
    region: memberQuote.defaultAddress?.province ?? null,
    newMember: isNewMember(new Date(memberQuote.registeredAt), at, contentSettings().newMemberDays),
  };
}
