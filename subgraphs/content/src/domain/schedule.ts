import type { ContentItemRow, ContentSlotRow, ContentTargetingRow, PageDocument } from './document.ts';

/**
 * What a page shows at one moment to one audience: plain functions over a version's document, used
 * alike by the storefront (now, the caller) and by an operator's preview (any time, any audience).
 */

/** Who is looking: what targeting is matched against. A caller who is not a member matches no targeted item. */
export interface Audience {
  levelId: string | null;
  /** The province of the member's default address. */
  region: string | null;
  newMember: boolean;
}

export const ANONYMOUS: Audience = Object.freeze({ levelId: null, region: null, newMember: false });

/** Live from its start (inclusive) to its end (exclusive): at 20:00 an item ending at 20:00 is gone. */
export function isLiveAt(item: Pick<ContentItemRow, 'startsAt' | 'endsAt'>, at: Date): boolean {
  const t = at.getTime();
  return Date.parse(item.startsAt) <= t && t < Date.parse(item.endsAt);
}

/**
 * A province as people write it, reduced to its name: 广东省, 广东 and " 广东 " are one region, as are
 * 广西壮族自治区 and 广西, 上海市 and 上海, 香港特别行政区 and 香港; Latin names compare without case.
 */
export function normalizeRegion(region: string): string {
  return region
    .replace(/\s+/g, '')
    .replace(/(壮族|回族|维吾尔)?(自治区|特别行政区)$|[省市]$/u, '')
    .toLowerCase();
}

/** Every condition set must hold: one of the levels, a new member when new members only, one of the regions. */
export function isTargetedTo(targeting: ContentTargetingRow | null, audience: Audience): boolean {
  if (!targeting) return true;
  if (targeting.memberLevelIds.length && (!audience.levelId || !targeting.memberLevelIds.includes(audience.levelId))) return false;
  if (targeting.newMembersOnly && !audience.newMember) return false;
  if (targeting.regions.length) {
    if (!audience.region) return false;
    const region = normalizeRegion(audience.region);
    if (!targeting.regions.some((r) => normalizeRegion(r) === region)) return false;
  }
  return true;
}

/** 新人: joined less than `days` days before `at` (and not after it). */
export function isNewMember(registeredAt: Date, at: Date, days: number): boolean {
  const age = at.getTime() - registeredAt.getTime();
  return age >= 0 && age < days * 86_400_000;
}

/**
 * The slots as `audience` sees them at `at`: items out of their window or not targeted to the
 * audience left out, slots left empty dropped (a floor with a catalog query stays: the catalog fills it).
 */
export function visibleSlots(document: PageDocument, at: Date, audience: Audience): ContentSlotRow[] {
  return document.slots
    .map((slot) => ({ ...slot, items: slot.items.filter((item) => isLiveAt(item, at) && isTargetedTo(item.targeting, audience)) }))
    .filter(keepsSomething);
}

/** SPUs linked by the slots' items, each once: what the catalog is asked about in one call. */
export function linkedSpuIds(slots: readonly ContentSlotRow[]): string[] {
  return [...new Set(slots.flatMap((s) => s.items.flatMap((i) => (i.link?.kind === 'SPU' && i.link.targetId ? [i.link.targetId] : []))))];
}

/** Leaves out items whose SPU does not sell now (off shelf, back in draft, gone), and slots that empties. */
export function withoutUnsellable(slots: readonly ContentSlotRow[], onSale: ReadonlySet<string>): ContentSlotRow[] {
  return slots
    .map((slot) => ({ ...slot, items: slot.items.filter((i) => i.link?.kind !== 'SPU' || (i.link.targetId !== null && onSale.has(i.link.targetId))) }))
    .filter(keepsSomething);
}

const keepsSomething = (slot: ContentSlotRow) => slot.items.length > 0 || slot.productQuery !== null;
