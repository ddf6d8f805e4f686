import { Problems } from '@zhongtai/kit';
import { describe, expect, it } from 'vitest';
import { parseDocument, type ContentItemInput, type ContentSlotInput } from '../src/domain/document.ts';
import { withBanner } from '../src/domain/proposals.ts';

const start = new Date('2026-11-11T00:00:00Z');
const end = new Date('2026-11-12T00:00:00Z');
const banner = (over: Partial<ContentItemInput> = {}): ContentItemInput => ({
  imageUrl: 'https://img.example.com/a.jpg',
  link: { kind: 'URL', url: 'https://example.com' },
  startsAt: start,
  endsAt: end,
  ...over,
});
const parse = (slots: ContentSlotInput[], proposalOf?: Map<string, string | null>) => {
  const problems = new Problems();
  const document = parseDocument(problems, slots, { proposalOf });
  return { document, errors: problems.errors.map((e) => [e.field?.slice(2).join('.'), e.code]) };
};

describe('a layout as operators send it', () => {
  it('keys slots by type and position, gives new items ids and keeps given ones (and what proposal they came from)', () => {
    const first = parse([
      { type: 'BANNER', items: [banner()] },
      { type: 'NOTICE', items: [{ title: '公告', startsAt: start, endsAt: end }] },
    ]);
    expect(first.errors).toEqual([]);
    expect(first.document.slots.map((s) => s.key)).toEqual(['banner-1', 'notice-2']);
    const id = first.document.slots[0]!.items[0]!.id;
    expect(id).toMatch(/^cit_/);
    const again = parse([{ type: 'BANNER', items: [banner({ id }), banner()] }], new Map([[id, 'bnp_x']]));
    expect(again.document.slots[0]!.items.map((i) => [i.id === id, i.proposalId])).toEqual([
      [true, 'bnp_x'],
      [false, null],
    ]);
  });

  it('refuses what each slot type cannot hold', () => {
    const { errors } = parse([
      { type: 'BANNER', items: [banner({ imageUrl: null })] },
      { type: 'ICON', items: [banner()] },
      { type: 'PRODUCT_FLOOR', items: [banner()] },
      { type: 'PRODUCT_FLOOR' },
      { type: 'BANNER', productQuery: { categoryId: 'cat_x' }, items: [banner()] },
      { type: 'TAB', key: 'banner-1', items: [{ title: 'x', link: { kind: 'URL', url: 'https://example.com' }, startsAt: start, endsAt: end }] },
    ]);
    expect(errors).toEqual([
      ['0.items.0.imageUrl', 'REQUIRED'],
      ['1.items.0.title', 'REQUIRED'],
      ['2.items.0.link.kind', 'INVALID'],
      ['3', 'INVALID'],
      ['4.productQuery', 'INVALID'],
      ['5.key', 'DUPLICATE'],
    ]);
  });

  it('a link names exactly the field of its kind; URLs are http(s); targeting by level takes level ids', () => {
    const { errors, document } = parse([
      {
        type: 'BANNER',
        items: [
          banner({ link: { kind: 'SPU', categoryId: 'cat_x' } }),
          banner({ link: { kind: 'SPU', spuId: 'spu_x', url: 'https://example.com' } }),
          banner({ link: { kind: 'URL', url: 'ftp://example.com/x' } }),
          banner({ imageUrl: 'data:image/png;base64,AAAA' }),
          banner({ targeting: { memberLevelIds: ['GOLD'] } }),
          banner({ targeting: { memberLevelIds: [], regions: [], newMembersOnly: false } }),
        ],
      },
    ]);
    expect(errors).toEqual([
      ['0.items.0.link', 'INVALID'],
      ['0.items.1.link', 'INVALID'],
      ['0.items.2.link.url', 'INVALID'],
      ['0.items.3.imageUrl', 'INVALID'],
      ['0.items.4.targeting.memberLevelIds.0', 'INVALID_ID'],
    ]);
    // Targeting that sets no condition is none: the item is for everyone.
    expect(document.slots[0]!.items[5]!.targeting).toBeNull();
  });

  it('an approved proposal joins the first carousel, or a new one on top; a full carousel takes no more', () => {
    const item = { ...parse([{ type: 'BANNER', items: [banner()] }]).document.slots[0]!.items[0]!, id: 'cit_new', proposalId: 'bnp_1' };
    const noCarousel = parse([{ type: 'NOTICE', key: 'banner-1', items: [{ title: 'x', startsAt: start, endsAt: end }] }]).document;
    expect(withBanner(noCarousel, item)!.slots.map((s) => [s.key, s.type, s.items.length])).toEqual([
      ['banner-2', 'BANNER', 1],
      ['banner-1', 'NOTICE', 1],
    ]);
    const full = parse([{ type: 'BANNER', items: Array.from({ length: 10 }, () => banner()) }]).document;
    expect(withBanner(full, item)).toBeNull();
    const room = parse([{ type: 'BANNER', items: [banner()] }]).document;
    expect(
      withBanner(room, item)!
        .slots[0]!.items.map((i) => i.id)
        .at(-1),
    ).toBe('cit_new');
  });
});
