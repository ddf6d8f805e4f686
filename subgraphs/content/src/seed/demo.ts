import { count } from 'drizzle-orm';
import { seedId, type Db } from '@zhongtai/kit';
import { contentPages, pageReleases, pageVersions } from '../db/tables.ts';
import type { ContentItemRow, ContentSlotRow, PageDocument } from '../domain/document.ts';

/**
 * The APP home page, published: banners (the platform's Singles Day campaign, a coupon, a URL), a
 * 金刚区 of the catalog's root categories, a floor of the demo shop's phones and a notice, one
 * banner for GOLD members only. Ids are the other centers' seed ids (seedId), never their rows.
 */
const FROM = '2025-01-01T00:00:00.000Z';
const UNTIL = '2030-01-01T00:00:00.000Z';
const IMAGE = (name: string) => `https://img.zhongtai.example/content/${name}.jpg`;
const ROOT_CATEGORIES: [number, string][] = [
  [1, '数码 Electronics'],
  [15, '服装 Apparel'],
  [26, '食品 Food'],
  [35, '家居 Home'],
  [47, '运动 Sports'],
];
/** Phones of demo shop 1 that the catalog's demo data puts ON_SALE. */
const FLOOR_SPUS = [1, 2, 3, 5, 6, 7];
const GOLD_LEVEL = seedId('lvl', 3);

let itemN = 0;
const item = (over: Partial<ContentItemRow> & Pick<ContentItemRow, 'link'>): ContentItemRow => ({
  id: seedId('cit', ++itemN),
  title: null,
  imageUrl: null,
  startsAt: FROM,
  endsAt: UNTIL,
  targeting: null,
  proposalId: null,
  ...over,
});

export function demoHomeDocument(): PageDocument {
  itemN = 0;
  const slots: ContentSlotRow[] = [
    {
      key: 'banner-1',
      type: 'BANNER',
      title: null,
      productQuery: null,
      items: [
        item({ title: '双十一专场 Singles Day', imageUrl: IMAGE('singles-day'), link: { kind: 'CAMPAIGN', targetId: seedId('cmp', 1), url: null } }),
        item({ title: '新人券 Welcome coupon', imageUrl: IMAGE('coupon'), link: { kind: 'COUPON_TEMPLATE', targetId: seedId('cpt', 1), url: null } }),
        item({
          title: '黄金会员专享 Gold members',
          imageUrl: IMAGE('gold'),
          link: { kind: 'SPU', targetId: seedId('spu', 5), url: null },
          targeting: { memberLevelIds: [GOLD_LEVEL], newMembersOnly: false, regions: [] },
        }),
        item({ title: '帮助中心 Help', imageUrl: IMAGE('help'), link: { kind: 'URL', targetId: null, url: 'https://help.zhongtai.example/' } }),
      ],
    },
    {
      key: 'icons',
      type: 'ICON',
      title: null,
      productQuery: null,
      items: ROOT_CATEGORIES.map(([n, title]) =>
        item({ title, imageUrl: IMAGE(`category-${n}`), link: { kind: 'CATEGORY', targetId: seedId('cat', n), url: null } }),
      ),
    },
    {
      key: 'floor-phones',
      type: 'PRODUCT_FLOOR',
      title: '手机 Phones',
      productQuery: null,
      items: FLOOR_SPUS.map((n) => item({ link: { kind: 'SPU', targetId: seedId('spu', n), url: null } })),
    },
    {
      key: 'floor-apparel',
      type: 'PRODUCT_FLOOR',
      title: '服装 Apparel',
      items: [],
      productQuery: { categoryId: seedId('cat', 15), keyword: null, first: 10 },
    },
    {
      key: 'notice',
      type: 'NOTICE',
      title: null,
      productQuery: null,
      items: [item({ title: '全场包邮至 12 月 31 日 Free shipping until Dec 31', link: null })],
    },
  ];
  return { slots };
}

export const seed = {
  async isEmpty(db: Db) {
    const [row] = await db.select({ n: count() }).from(contentPages);
    return (row?.n ?? 0) === 0;
  },

  async run(db: Db) {
    const at = new Date(FROM);
    const pageId = seedId('cpg', 1);
    const versionId = seedId('cpv', 1);
    await db.transaction(async (tx) => {
      await tx
        .insert(contentPages)
        .values({ id: pageId, kind: 'HOME', channel: 'APP', name: '首页 APP Home', liveVersionId: versionId, createdAt: at, updatedAt: at })
        .onConflictDoNothing();
      await tx
        .insert(pageVersions)
        .values({
          id: versionId,
          pageId,
          number: 1,
          status: 'PUBLISHED',
          document: demoHomeDocument(),
          note: 'demo',
          createdBy: 'seed',
          publishedAt: at,
          publishedBy: 'seed',
          createdAt: at,
          updatedAt: at,
        })
        .onConflictDoNothing();
      await tx
        .insert(pageReleases)
        .values({ id: seedId('cpr', 1), pageId, versionId, action: 'PUBLISH', reason: 'demo', actor: 'seed', createdAt: at })
        .onConflictDoNothing();
    });
  },
};
