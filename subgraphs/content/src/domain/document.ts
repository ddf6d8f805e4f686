import { isId, newId, optionalText, Problems } from '@zhongtai/kit';
import { CONTENT_ITEM_ID_PREFIX, MEMBER_LEVEL_ID_PREFIX } from './ids.ts';
import { checkUrl } from './urls.ts';

/**
 * A page version's layout: ordered slots, each an ordered list of items with a window and
 * optional targeting. Stored whole as one JSON document per version (times as ISO strings), so a
 * published version is one immutable value.
 */
export const SLOT_TYPES = ['BANNER', 'ICON', 'TAB', 'PRODUCT_FLOOR', 'NOTICE'] as const;
export const LINK_KINDS = ['SPU', 'CATEGORY', 'CAMPAIGN', 'COUPON_TEMPLATE', 'URL'] as const;
export type SlotType = (typeof SLOT_TYPES)[number];
export type LinkKind = (typeof LINK_KINDS)[number];

export interface ContentLinkRow {
  kind: LinkKind;
  /** The SPU, category, campaign or coupon template; null for a URL. */
  targetId: string | null;
  url: string | null;
}

export interface ContentTargetingRow {
  /** Empty: every level. */
  memberLevelIds: string[];
  newMembersOnly: boolean;
  /** Provinces (广东, 上海市, ...); empty: everywhere. */
  regions: string[];
}

export interface ContentItemRow {
  id: string;
  title: string | null;
  imageUrl: string | null;
  link: ContentLinkRow | null;
  startsAt: string;
  endsAt: string;
  targeting: ContentTargetingRow | null;
  /** The merchant's banner proposal this item came from. */
  proposalId: string | null;
}

/** A product floor filled by the catalog: the storefront runs `products(filter: { categoryId, keyword })` with it. */
export interface ProductFloorQueryRow {
  categoryId: string | null;
  keyword: string | null;
  first: number;
}

export interface ContentSlotRow {
  key: string;
  type: SlotType;
  title: string | null;
  items: ContentItemRow[];
  productQuery: ProductFloorQueryRow | null;
}

export interface PageDocument {
  slots: ContentSlotRow[];
}

export interface ContentLinkInput {
  kind: LinkKind;
  spuId?: string | null;
  categoryId?: string | null;
  campaignId?: string | null;
  couponTemplateId?: string | null;
  url?: string | null;
}

export interface ContentItemInput {
  id?: string | null;
  title?: string | null;
  imageUrl?: string | null;
  link?: ContentLinkInput | null;
  startsAt: Date;
  endsAt: Date;
  targeting?: { memberLevelIds?: string[] | null; newMembersOnly?: boolean | null; regions?: string[] | null } | null;
}

export interface ContentSlotInput {
  key?: string | null;
  type: SlotType;
  title?: string | null;
  items?: ContentItemInput[] | null;
  productQuery?: { categoryId?: string | null; keyword?: string | null; first?: number | null } | null;
}

export const MAX_SLOTS = 30;
export const MAX_FLOOR_QUERY_FIRST = 50;
/** Items a slot holds at most, by type: a carousel or a tab bar is short, a floor longer. */
export const MAX_ITEMS: Record<SlotType, number> = { BANNER: 10, ICON: 20, TAB: 10, PRODUCT_FLOOR: 50, NOTICE: 10 };
const LINK_FIELD: Record<Exclude<LinkKind, 'URL'>, keyof ContentLinkInput> = {
  SPU: 'spuId',
  CATEGORY: 'categoryId',
  CAMPAIGN: 'campaignId',
  COUPON_TEMPLATE: 'couponTemplateId',
};

/**
 * Checks a layout's shape (what can be checked without asking other centers) and builds the
 * document to store. Items keep their id across saves (a new item gets one), so a proposal's
 * banner can be found again. Whether linked things exist is `checkLinks` (links.ts).
 */
export function parseDocument(problems: Problems, slots: ContentSlotInput[], keep: { proposalOf?: Map<string, string | null> } = {}): PageDocument {
  problems.check(slots.length <= MAX_SLOTS, ['input', 'slots'], 'TOO_MANY', `A page has at most ${MAX_SLOTS} slots`);
  const keys = new Set<string>();
  const itemIds = new Set<string>();
  const parsed = slots.slice(0, MAX_SLOTS).map((slot, i) => {
    const at = ['input', 'slots', String(i)];
    const key = slot.key?.trim() || `${slot.type.toLowerCase()}-${i + 1}`;
    problems.check(/^[a-z0-9][a-z0-9_-]{0,39}$/i.test(key), [...at, 'key'], 'INVALID', 'A slot key is 1-40 letters, digits, - or _');
    problems.check(!keys.has(key), [...at, 'key'], 'DUPLICATE', `Slot key "${key}" is used twice`);
    keys.add(key);
    const items = (slot.items ?? [])
      .slice(0, MAX_ITEMS[slot.type])
      .map((item, j) => parseItem(problems, slot.type, item, [...at, 'items', String(j)], itemIds, keep));
    problems.check(
      (slot.items ?? []).length <= MAX_ITEMS[slot.type],
      [...at, 'items'],
      'TOO_MANY',
      `A ${slot.type} slot has at most ${MAX_ITEMS[slot.type]} items`,
    );
    const productQuery = slot.productQuery ? parseFloorQuery(problems, slot, at) : null;
    if (slot.type === 'PRODUCT_FLOOR')
      problems.check(Boolean(productQuery) !== items.length > 0, at, 'INVALID', 'A product floor lists SPUs or holds a catalog query, one of the two');
    return { key, type: slot.type, title: optionalText(problems, slot.title, [...at, 'title'], 'Slot title', 40), items, productQuery };
  });
  return { slots: parsed };
}

function parseFloorQuery(problems: Problems, slot: ContentSlotInput, at: string[]): ProductFloorQueryRow | null {
  const query = slot.productQuery;
  if (!query) return null;
  if (!problems.check(slot.type === 'PRODUCT_FLOOR', [...at, 'productQuery'], 'INVALID', 'Only a product floor holds a catalog query')) return null;
  const first = query.first ?? 20;
  problems.check(
    first >= 1 && first <= MAX_FLOOR_QUERY_FIRST,
    [...at, 'productQuery', 'first'],
    'OUT_OF_RANGE',
    `A floor shows 1 to ${MAX_FLOOR_QUERY_FIRST} products`,
  );
  const keyword = optionalText(problems, query.keyword, [...at, 'productQuery', 'keyword'], 'Keyword', 50);
  problems.check(Boolean(query.categoryId || keyword), [...at, 'productQuery'], 'REQUIRED', 'A catalog query names a category or a keyword');
  return { categoryId: query.categoryId ?? null, keyword, first };
}

function parseItem(
  problems: Problems,
  type: SlotType,
  item: ContentItemInput,
  at: string[],
  seen: Set<string>,
  keep: { proposalOf?: Map<string, string | null> },
): ContentItemRow {
  const id = item.id && isId(CONTENT_ITEM_ID_PREFIX, item.id) && !seen.has(item.id) ? item.id : newId(CONTENT_ITEM_ID_PREFIX);
  if (item.id)
    problems.check(isId(CONTENT_ITEM_ID_PREFIX, item.id) && !seen.has(item.id), [...at, 'id'], 'INVALID_ID', `"${item.id}" is not an item id of its own`);
  seen.add(id);
  const title = optionalText(problems, item.title, [...at, 'title'], 'Title', 60);
  const imageUrl = item.imageUrl == null ? null : checkUrl(problems, item.imageUrl, [...at, 'imageUrl'], 'An image');
  if (type === 'BANNER' || type === 'ICON') problems.check(item.imageUrl != null, [...at, 'imageUrl'], 'REQUIRED', `A ${type.toLowerCase()} needs an image`);
  if (type === 'ICON' || type === 'TAB' || type === 'NOTICE')
    problems.check(title !== null, [...at, 'title'], 'REQUIRED', `A ${type.toLowerCase()} needs a title`);
  if (type !== 'NOTICE') problems.check(Boolean(item.link), [...at, 'link'], 'REQUIRED', `A ${type.toLowerCase()} item links somewhere`);
  if (type === 'PRODUCT_FLOOR' && item.link) problems.check(item.link.kind === 'SPU', [...at, 'link', 'kind'], 'INVALID', 'A product floor lists SPUs');
  const starts = item.startsAt.getTime();
  const ends = item.endsAt.getTime();
  problems.check(Number.isFinite(starts) && Number.isFinite(ends) && ends > starts, [...at, 'endsAt'], 'OUT_OF_RANGE', 'An item ends after it starts');
  return {
    id,
    title,
    imageUrl,
    link: item.link ? parseLink(problems, item.link, [...at, 'link']) : null,
    startsAt: item.startsAt.toISOString(),
    endsAt: item.endsAt.toISOString(),
    targeting: parseTargeting(problems, item.targeting, [...at, 'targeting']),
    proposalId: keep.proposalOf?.get(id) ?? null,
  };
}

function parseLink(problems: Problems, link: ContentLinkInput, at: string[]): ContentLinkRow {
  const named = (Object.entries(LINK_FIELD) as [LinkKind, keyof ContentLinkInput][]).filter(([, field]) => link[field] != null).map(([kind]) => kind);
  if (link.url != null) named.push('URL');
  problems.check(
    named.length === 1 && named[0] === link.kind,
    at,
    'INVALID',
    `A ${link.kind} link names its ${link.kind === 'URL' ? 'url' : LINK_FIELD[link.kind]} and nothing else`,
  );
  if (link.kind === 'URL') return { kind: 'URL', targetId: null, url: link.url == null ? null : checkUrl(problems, link.url, [...at, 'url'], 'A link') };
  return { kind: link.kind, targetId: (link[LINK_FIELD[link.kind]] as string | null | undefined) ?? null, url: null };
}

function parseTargeting(problems: Problems, input: ContentItemInput['targeting'], at: string[]): ContentTargetingRow | null {
  if (!input) return null;
  const memberLevelIds = [...new Set(input.memberLevelIds ?? [])];
  const regions = [...new Set((input.regions ?? []).map((r) => r.trim()).filter(Boolean))];
  memberLevelIds.forEach((id, i) =>
    problems.check(isId(MEMBER_LEVEL_ID_PREFIX, id), [...at, 'memberLevelIds', String(i)], 'INVALID_ID', `"${id}" is not a member level id`),
  );
  problems.check(regions.length <= 40 && regions.every((r) => r.length <= 20), [...at, 'regions'], 'TOO_MANY', 'At most 40 regions of 20 characters');
  const targeting = { memberLevelIds, newMembersOnly: input.newMembersOnly ?? false, regions };
  // No condition at all is no targeting: the item is for everyone.
  return memberLevelIds.length || regions.length || targeting.newMembersOnly ? targeting : null;
}
