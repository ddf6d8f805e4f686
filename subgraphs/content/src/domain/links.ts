import { catalogService, isId, marketingService, type Problems, type RequestContext } from '@zhongtai/kit';
import type { LinkKind, PageDocument } from './document.ts';
import { CAMPAIGN_ID_PREFIX, CATEGORY_ID_PREFIX, COUPON_TEMPLATE_ID_PREFIX, SPU_ID_PREFIX } from './ids.ts';

const PREFIX: Record<Exclude<LinkKind, 'URL'>, string> = {
  SPU: SPU_ID_PREFIX,
  CATEGORY: CATEGORY_ID_PREFIX,
  CAMPAIGN: CAMPAIGN_ID_PREFIX,
  COUPON_TEMPLATE: COUPON_TEMPLATE_ID_PREFIX,
};
const WORD: Record<Exclude<LinkKind, 'URL'>, string> = { SPU: 'Product', CATEGORY: 'Category', CAMPAIGN: 'Campaign', COUPON_TEMPLATE: 'Coupon template' };

interface Link {
  kind: Exclude<LinkKind, 'URL'>;
  id: string;
  field: string[];
}

/**
 * Whether everything a layout links to exists, asking each owner once however many links: the
 * catalog for SPUs and categories, marketing for campaigns and coupon templates. A product that
 * does not sell yet may be linked (a banner scheduled for its launch): the storefront shows only
 * what sells at the time it is asked. A disabled category is refused: it takes no products.
 */
export async function checkLinks(ctx: RequestContext, problems: Problems, document: PageDocument): Promise<void> {
  const links: Link[] = [];
  document.slots.forEach((slot, i) => {
    slot.items.forEach((item, j) => {
      if (item.link && item.link.kind !== 'URL')
        links.push({ kind: item.link.kind, id: item.link.targetId ?? '', field: ['input', 'slots', String(i), 'items', String(j), 'link'] });
    });
    if (slot.productQuery?.categoryId)
      links.push({ kind: 'CATEGORY', id: slot.productQuery.categoryId, field: ['input', 'slots', String(i), 'productQuery', 'categoryId'] });
  });
  await checkLinkList(ctx, problems, links);
}

export async function checkLinkList(ctx: RequestContext, problems: Problems, links: Link[]): Promise<void> {
  const wellFormed = links.filter((l) =>
    problems.check(isId(PREFIX[l.kind], l.id), l.field, 'INVALID_ID', `"${l.id}" is not a ${WORD[l.kind].toLowerCase()} id`),
  );
  const ids = (kind: Link['kind']) => [...new Set(wellFormed.filter((l) => l.kind === kind).map((l) => l.id))];
  const [spuIds, categoryIds, campaignIds, couponTemplateIds] = [ids('SPU'), ids('CATEGORY'), ids('CAMPAIGN'), ids('COUPON_TEMPLATE')];
  const [catalog, marketing] = await Promise.all([
    spuIds.length || categoryIds.length ? ctx.services.call(catalogService.linkStandings, { spuIds, categoryIds }) : null,
    campaignIds.length || couponTemplateIds.length ? ctx.services.call(marketingService.linkStandings, { campaignIds, couponTemplateIds }) : null,
  ]);
  const found = new Set([
    ...(catalog?.spuStandings ?? []).map((s) => s.id),
    ...(catalog?.categoryStandings ?? []).map((c) => c.id),
    ...(marketing?.campaignStandings ?? []).map((c) => c.id),
    ...(marketing?.couponTemplateStandings ?? []).map((t) => t.id),
  ]);
  const disabled = new Set((catalog?.categoryStandings ?? []).filter((c) => c.status !== 'ENABLED').map((c) => c.id));
  for (const link of wellFormed) {
    if (!problems.check(found.has(link.id), link.field, 'NOT_FOUND', `${WORD[link.kind]} ${link.id} not found`)) continue;
    if (link.kind === 'CATEGORY') problems.check(!disabled.has(link.id), link.field, 'INACTIVE', `Category ${link.id} is disabled`);
  }
}

/** The SPUs among `ids` that sell now (ON_SALE), in one call to the catalog. */
export async function sellingSpus(ctx: RequestContext, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const { spuStandings } = await ctx.services.call(catalogService.linkStandings, { spuIds: ids, categoryIds: [] });
  return new Set(spuStandings.filter((s) => s.status === 'ON_SALE').map((s) => s.id));
}
