import { describe, expect, it } from 'vitest';
import type { ContentItemRow, ContentSlotRow, PageDocument } from '../src/domain/document.ts';
import {
  ANONYMOUS,
  isLiveAt,
  isNewMember,
  isTargetedTo,
  linkedSpuIds,
  normalizeRegion,
  visibleSlots,
  withoutUnsellable,
  type Audience,
} from '../src/domain/schedule.ts';

const GOLD = 'lvl_gold';
const SILVER = 'lvl_silver';
const item = (id: string, over: Partial<ContentItemRow> = {}): ContentItemRow => ({
  id,
  title: id,
  imageUrl: 'https://img.example.com/a.jpg',
  link: { kind: 'URL', targetId: null, url: 'https://example.com' },
  startsAt: '2026-11-11T00:00:00.000Z',
  endsAt: '2026-11-12T00:00:00.000Z',
  targeting: null,
  proposalId: null,
  ...over,
});
const slot = (key: string, items: ContentItemRow[], over: Partial<ContentSlotRow> = {}): ContentSlotRow => ({
  key,
  type: 'BANNER',
  title: null,
  items,
  productQuery: null,
  ...over,
});
const goldInGuangdong: Audience = { levelId: GOLD, region: '广东省', newMember: false };
const newSilverInShanghai: Audience = { levelId: SILVER, region: '上海市', newMember: true };
const ids = (slots: ContentSlotRow[]) => slots.map((s) => [s.key, s.items.map((i) => i.id)]);

describe('windows', () => {
  it('an item is live from its start, inclusive, to its end, exclusive', () => {
    const x = item('x');
    expect(isLiveAt(x, new Date('2026-11-10T23:59:59.999Z'))).toBe(false);
    expect(isLiveAt(x, new Date('2026-11-11T00:00:00.000Z'))).toBe(true);
    expect(isLiveAt(x, new Date('2026-11-11T23:59:59.999Z'))).toBe(true);
    expect(isLiveAt(x, new Date('2026-11-12T00:00:00.000Z'))).toBe(false);
  });

  it('a new member joined less than the given days before the moment looked at', () => {
    const joined = new Date('2026-11-01T00:00:00Z');
    expect(isNewMember(joined, new Date('2026-11-30T23:59:59Z'), 30)).toBe(true);
    expect(isNewMember(joined, new Date('2026-12-01T00:00:00Z'), 30)).toBe(false);
    // A preview before the member existed does not count them as new yet.
    expect(isNewMember(joined, new Date('2026-10-31T00:00:00Z'), 30)).toBe(false);
  });
});

describe('targeting', () => {
  it('no targeting is for everyone, anonymous callers included', () => {
    expect(isTargetedTo(null, ANONYMOUS)).toBe(true);
    expect(isTargetedTo(null, goldInGuangdong)).toBe(true);
  });

  it('levels, new members and regions must all hold; an anonymous caller matches none', () => {
    const goldSouth = { memberLevelIds: [GOLD], newMembersOnly: false, regions: ['广东', '广西壮族自治区'] };
    expect(isTargetedTo(goldSouth, goldInGuangdong)).toBe(true);
    expect(isTargetedTo(goldSouth, { ...goldInGuangdong, region: '广西' })).toBe(true);
    expect(isTargetedTo(goldSouth, { ...goldInGuangdong, region: '上海市' })).toBe(false);
    expect(isTargetedTo(goldSouth, { ...goldInGuangdong, levelId: SILVER })).toBe(false);
    expect(isTargetedTo(goldSouth, { ...goldInGuangdong, region: null })).toBe(false);
    expect(isTargetedTo(goldSouth, ANONYMOUS)).toBe(false);
    const newcomers = { memberLevelIds: [], newMembersOnly: true, regions: [] };
    expect(isTargetedTo(newcomers, newSilverInShanghai)).toBe(true);
    expect(isTargetedTo(newcomers, goldInGuangdong)).toBe(false);
    expect(isTargetedTo(newcomers, ANONYMOUS)).toBe(false);
  });

  it('writes regions the way people do: with or without 省/市/自治区, spaces, case', () => {
    expect(normalizeRegion('广东省')).toBe('广东');
    expect(normalizeRegion(' 广东 ')).toBe('广东');
    expect(normalizeRegion('上海市')).toBe('上海');
    expect(normalizeRegion('新疆维吾尔自治区')).toBe('新疆');
    expect(normalizeRegion('宁夏回族自治区')).toBe('宁夏');
    expect(normalizeRegion('内蒙古自治区')).toBe('内蒙古');
    expect(normalizeRegion('香港特别行政区')).toBe('香港');
    expect(normalizeRegion('Guangdong')).toBe(normalizeRegion('guangdong'));
  });
});

describe('what a page shows', () => {
  const page: PageDocument = {
    slots: [
      slot('banners', [
        item('always', { startsAt: '2026-01-01T00:00:00.000Z', endsAt: '2027-01-01T00:00:00.000Z' }),
        item('eve', { startsAt: '2026-11-10T12:00:00.000Z', endsAt: '2026-11-11T00:00:00.000Z' }),
        item('gold-south', { targeting: { memberLevelIds: [GOLD], newMembersOnly: false, regions: ['广东'] } }),
      ]),
      slot('welcome', [item('newcomers', { targeting: { memberLevelIds: [], newMembersOnly: true, regions: [] } })], { type: 'NOTICE' }),
      slot('floor', [], { type: 'PRODUCT_FLOOR', productQuery: { categoryId: 'cat_x', keyword: null, first: 10 } }),
    ],
  };

  it('answers differently for two audiences and two times, and drops slots left empty', () => {
    const eve = new Date('2026-11-10T20:00:00Z');
    const day = new Date('2026-11-11T12:00:00Z');
    expect(ids(visibleSlots(page, eve, goldInGuangdong))).toEqual([
      ['banners', ['always', 'eve']],
      ['floor', []],
    ]);
    expect(ids(visibleSlots(page, day, goldInGuangdong))).toEqual([
      ['banners', ['always', 'gold-south']],
      ['floor', []],
    ]);
    expect(ids(visibleSlots(page, day, newSilverInShanghai))).toEqual([
      ['banners', ['always']],
      ['welcome', ['newcomers']],
      ['floor', []],
    ]);
    expect(ids(visibleSlots(page, day, ANONYMOUS))).toEqual([
      ['banners', ['always']],
      ['floor', []],
    ]);
  });

  it('leaves out items whose SPU does not sell, and a floor that empties', () => {
    const spu = (id: string, target: string) => item(id, { link: { kind: 'SPU', targetId: target, url: null } });
    const slots = [slot('picks', [spu('a', 'spu_on'), spu('b', 'spu_off'), item('c')]), slot('floor', [spu('d', 'spu_off')], { type: 'PRODUCT_FLOOR' })];
    expect(linkedSpuIds(slots)).toEqual(['spu_on', 'spu_off']);
    expect(ids(withoutUnsellable(slots, new Set(['spu_on'])))).toEqual([['picks', ['a', 'c']]]);
  });
});
