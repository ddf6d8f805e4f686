import { demoMemberId, seedId } from '@zhongtai/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type GraphQLResponse, type TestGraph } from './support/graph.ts';

/** 运营中心 through the gateway: pages drafted, previewed, published, rolled back; what customers get; merchants' proposals. */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const GOLD = seedId('lvl', 3);
/** Demo member 1 is GOLD with a default address in 上海; member 2 is a regular member in 北京. */
const GOLD_IN_SHANGHAI = demoMemberId(1);
const REGULAR_IN_BEIJING = demoMemberId(2);
/** Phones of demo shop 1 that the catalog's demo data puts ON_SALE (the demo home page lists them too). */
const PHONE_A = seedId('spu', 6);
const PHONE_B = seedId('spu', 7);
const ELECTRONICS = seedId('cat', 1);

const SLOT = 'key type title items { id title link { kind url campaignId categoryId spu { id } } startsAt endsAt } productQuery { categoryId first }';
const RENDERED = `pageId versionId versionNumber at slots { ${SLOT} }`;
const VERSION = `id number status live note publishedAt slots { ${SLOT} }`;
const SAVE = `mutation($input: SaveContentPageDraftInput!) { saveContentPageDraft(input: $input) { version { ${VERSION} } userErrors { field code message } } }`;
const PUBLISH = `mutation($input: PublishContentPageInput!) { publishContentPage(input: $input) { version { ${VERSION} } userErrors { field code message } } }`;
const ROLLBACK = `mutation($input: RollbackContentPageInput!) { rollbackContentPage(input: $input) { version { ${VERSION} } userErrors { field code message } } }`;
const PREVIEW = `query($pageId: ID!, $at: DateTime!, $audience: PreviewAudienceInput, $versionId: ID) {
  pagePreview(pageId: $pageId, at: $at, audience: $audience, versionId: $versionId) { ${RENDERED} } }`;
const HOME = `query($channel: ContentChannel!) { homePage(channel: $channel) { ${RENDERED} } }`;
const PROPOSE = `mutation($input: ProposeBannerInput!) { proposeBanner(input: $input) { proposal { id status shop { id } decisionReason pageId itemId } userErrors { field code message } } }`;

type Slot = { key: string; items: { id: string; title: string | null; link: { spu: { id: string } | null } | null }[] };
type Rendered = { versionNumber: number; slots: Slot[] };
const titles = (page: { slots: Slot[] } | null | undefined) =>
  Object.fromEntries((page?.slots ?? []).map((s) => [s.key, s.items.map((i) => i.title ?? i.link?.spu?.id)]));
const codes = (res: GraphQLResponse) => (res.errors ?? []).map((e) => e.extensions?.code);

describe('operations content (运营中心)', () => {
  let t: TestGraph;
  let pageId: string;
  let customerB: string;
  /** The graph's request clock (ctx.now()): real time, moved ahead where a test says so. */
  let ahead = 0;
  const now = Date.now();
  const iso = (offset: number) => new Date(now + offset).toISOString();
  /** "20:00 on 11-11": a two-hour evening a day from now. */
  const EVENING = now + DAY;

  const ok = async <T>(query: string, variables: Record<string, unknown>, token: string, field: string): Promise<T> => {
    const res = await t.gql<Record<string, T & { userErrors?: unknown[] }>>(query, variables, token);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    if (res.data![field]?.userErrors) expect(res.data![field]!.userErrors).toEqual([]);
    return res.data![field]!;
  };
  const layout = (extraNotice?: string) => [
    {
      key: 'banners',
      type: 'BANNER',
      items: [
        {
          title: 'always',
          imageUrl: 'https://img.example.com/always.jpg',
          link: { kind: 'URL', url: 'https://example.com/sale' },
          startsAt: iso(-DAY),
          endsAt: iso(10 * DAY),
        },
        {
          title: 'evening',
          imageUrl: 'https://img.example.com/evening.jpg',
          link: { kind: 'CAMPAIGN', campaignId: seedId('cmp', 1) },
          startsAt: new Date(EVENING).toISOString(),
          endsAt: new Date(EVENING + 2 * HOUR).toISOString(),
        },
        {
          title: 'gold-guangdong',
          imageUrl: 'https://img.example.com/gold.jpg',
          link: { kind: 'CATEGORY', categoryId: ELECTRONICS },
          startsAt: iso(-DAY),
          endsAt: iso(10 * DAY),
          targeting: { memberLevelIds: [GOLD], regions: ['广东'] },
        },
        {
          title: 'gold',
          imageUrl: 'https://img.example.com/gold-all.jpg',
          link: { kind: 'COUPON_TEMPLATE', couponTemplateId: seedId('cpt', 1) },
          startsAt: iso(-DAY),
          endsAt: iso(10 * DAY),
          targeting: { memberLevelIds: [GOLD] },
        },
      ],
    },
    {
      key: 'welcome',
      type: 'NOTICE',
      items: [
        { title: 'newcomers', startsAt: iso(-DAY), endsAt: iso(10 * DAY), targeting: { newMembersOnly: true } },
        ...(extraNotice ? [{ title: extraNotice, startsAt: iso(-DAY), endsAt: iso(10 * DAY) }] : []),
      ],
    },
    {
      key: 'phones',
      type: 'PRODUCT_FLOOR',
      items: [PHONE_A, PHONE_B].map((spuId) => ({ link: { kind: 'SPU', spuId }, startsAt: iso(-DAY), endsAt: iso(10 * DAY) })),
    },
  ];

  beforeAll(async () => {
    t = await startTestGraph({ clock: () => new Date(Date.now() + ahead) });
    customerB = await t.graph.tokens.sign({ role: 'CUSTOMER', memberId: REGULAR_IN_BEIJING, subject: 'customer:b' });
    const created = await ok<{ page: { id: string } }>(
      'mutation($input: CreateContentPageInput!) { createContentPage(input: $input) { page { id } userErrors { field code message } } }',
      { input: { kind: 'HOME', channel: 'H5', name: 'H5 首页' } },
      t.tokens.admin,
      'createContentPage',
    );
    pageId = created.page.id;
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('the seeded APP home page answers each customer with what is targeted to them', async () => {
    const gold = await t.gql<{ homePage: Rendered }>(HOME, { channel: 'APP' }, t.tokens.customer);
    const regular = await t.gql<{ homePage: Rendered }>(HOME, { channel: 'APP' }, customerB);
    expect(gold.errors).toBeUndefined();
    expect(titles(gold.data!.homePage)['banner-1']).toContain('黄金会员专享 Gold members');
    expect(titles(regular.data!.homePage)['banner-1']).not.toContain('黄金会员专享 Gold members');
    expect(titles(regular.data!.homePage)['banner-1']).toContain('双十一专场 Singles Day');
    expect(titles(gold.data!.homePage)['floor-phones']!.length).toBeGreaterThan(0);
    // No page for a channel yet: null, not an error.
    const none = await t.gql<{ homePage: Rendered | null }>(HOME, { channel: 'PC' }, t.tokens.customer);
    expect(none.data!.homePage).toBeNull();
  });

  it('refuses links to things that do not exist and URLs that are not http(s)', async () => {
    const bad = await t.gql<{ saveContentPageDraft: { version: null; userErrors: { field: string[]; code: string }[] } }>(
      SAVE,
      {
        input: {
          pageId,
          slots: [
            {
              type: 'BANNER',
              items: [
                { imageUrl: 'https://img.example.com/x.jpg', link: { kind: 'SPU', spuId: seedId('spu', 99_999) }, startsAt: iso(0), endsAt: iso(DAY) },
                { imageUrl: 'https://img.example.com/x.jpg', link: { kind: 'CAMPAIGN', campaignId: seedId('cmp', 999) }, startsAt: iso(0), endsAt: iso(DAY) },
                { imageUrl: 'https://img.example.com/x.jpg', link: { kind: 'URL', url: 'javascript:alert(1)' }, startsAt: iso(0), endsAt: iso(DAY) },
                { imageUrl: 'https://img.example.com/x.jpg', link: { kind: 'URL', url: 'https://ok.example.com' }, startsAt: iso(DAY), endsAt: iso(0) },
              ],
            },
          ],
        },
      },
      t.tokens.admin,
    );
    expect(bad.data!.saveContentPageDraft.version).toBeNull();
    expect(bad.data!.saveContentPageDraft.userErrors.map((e) => [e.field.slice(-2).join('.'), e.code])).toEqual([
      ['link.url', 'INVALID'],
      ['3.endsAt', 'OUT_OF_RANGE'],
    ]);
    // Once the shape is right, every link is checked against its owner (catalog, marketing) in one call each.
    const missing = await t.gql<{ saveContentPageDraft: { userErrors: { field: string[]; code: string }[] } }>(
      SAVE,
      {
        input: {
          pageId,
          slots: [
            {
              type: 'BANNER',
              items: [
                { imageUrl: 'https://img.example.com/x.jpg', link: { kind: 'SPU', spuId: seedId('spu', 99_999) }, startsAt: iso(0), endsAt: iso(DAY) },
                { imageUrl: 'https://img.example.com/x.jpg', link: { kind: 'CAMPAIGN', campaignId: seedId('cmp', 999) }, startsAt: iso(0), endsAt: iso(DAY) },
                { imageUrl: 'https://img.example.com/x.jpg', link: { kind: 'CATEGORY', categoryId: ELECTRONICS }, startsAt: iso(0), endsAt: iso(DAY) },
              ],
            },
          ],
        },
      },
      t.tokens.admin,
    );
    expect(missing.data!.saveContentPageDraft.userErrors.map((e) => [e.field.slice(-3, -1).join('.'), e.code])).toEqual([
      ['items.0', 'NOT_FOUND'],
      ['items.1', 'NOT_FOUND'],
    ]);
  });

  it('a preview takes a time and an audience: two members and two times answer differently', async () => {
    const draft = await ok<{ version: { number: number; status: string } }>(
      SAVE,
      { input: { pageId, slots: layout(), note: 'first' } },
      t.tokens.admin,
      'saveContentPageDraft',
    );
    expect(draft.version).toMatchObject({ number: 1, status: 'DRAFT' });
    const preview = async (at: number, audience: Record<string, unknown> | null) =>
      titles(await ok<Rendered>(PREVIEW, { pageId, at: new Date(at).toISOString(), audience }, t.tokens.admin, 'pagePreview'));

    const afternoon = now + DAY - 4 * HOUR;
    const evening = EVENING + HOUR;
    // "What will the page be at 20:00 for a GOLD member in Guangdong?", by hand.
    expect(await preview(evening, { memberLevelId: GOLD, region: '广东省' })).toEqual({
      banners: ['always', 'evening', 'gold-guangdong', 'gold'],
      phones: [PHONE_A, PHONE_B],
    });
    expect(await preview(afternoon, { memberLevelId: GOLD, region: '广东省' })).toEqual({
      banners: ['always', 'gold-guangdong', 'gold'],
      phones: [PHONE_A, PHONE_B],
    });
    // The same two times for real members: level and region come from the member center.
    expect(await preview(evening, { memberId: GOLD_IN_SHANGHAI })).toEqual({ banners: ['always', 'evening', 'gold'], phones: [PHONE_A, PHONE_B] });
    expect(await preview(afternoon, { memberId: REGULAR_IN_BEIJING })).toEqual({ banners: ['always'], phones: [PHONE_A, PHONE_B] });
    // After every window has closed nothing is left.
    expect(await preview(now + 11 * DAY, { memberId: GOLD_IN_SHANGHAI })).toEqual({});

    // A member who joined just now is new: the newcomers' notice is theirs only.
    const joined = await ok<{ member: { id: string } }>(
      'mutation { registerMember(input: { name: "新人 Newcomer", phone: "13900007777" }) { member { id } userErrors { code message } } }',
      {},
      t.tokens.admin,
      'registerMember',
    );
    expect((await preview(now + HOUR, { memberId: joined.member.id })).welcome).toEqual(['newcomers']);
    expect((await preview(now + HOUR, { memberId: GOLD_IN_SHANGHAI })).welcome).toBeUndefined();
    expect((await preview(now + 40 * DAY, { memberId: joined.member.id, newMember: null })).welcome).toBeUndefined();
  });

  it('publishing makes a version later edits do not change; rollback makes it live again', async () => {
    const v1 = await ok<{ version: { id: string; number: number; status: string; live: boolean; slots: Slot[] } }>(
      PUBLISH,
      { input: { pageId, note: 'launch' } },
      t.tokens.admin,
      'publishContentPage',
    );
    expect(v1.version).toMatchObject({ number: 1, status: 'PUBLISHED', live: true });
    const published = JSON.stringify(v1.version.slots);
    const again = await t.gql<{ publishContentPage: { userErrors: { code: string }[] } }>(PUBLISH, { input: { pageId } }, t.tokens.admin);
    expect(again.data!.publishContentPage.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);

    // The customer gets version 1, now.
    const before = await t.gql<{ homePage: Rendered }>(HOME, { channel: 'H5' }, t.tokens.customer);
    expect(before.data!.homePage.versionNumber).toBe(1);
    expect(titles(before.data!.homePage).banners).toEqual(['always', 'gold']);
    // The storefront reads the request clock: in the evening window the evening banner is live.
    ahead = EVENING + HOUR - Date.now();
    try {
      const evening = await t.gql<{ homePage: Rendered }>(HOME, { channel: 'H5' }, t.tokens.customer);
      expect(titles(evening.data!.homePage).banners).toEqual(['always', 'evening', 'gold']);
      const regular = await t.gql<{ homePage: Rendered }>(HOME, { channel: 'H5' }, customerB);
      expect(titles(regular.data!.homePage).banners).toEqual(['always', 'evening']);
    } finally {
      ahead = 0;
    }

    // Editing opens version 2; version 1 stays as it was published.
    const v2 = await ok<{ version: { id: string; number: number; status: string } }>(
      SAVE,
      { input: { pageId, slots: layout('free shipping') } },
      t.tokens.admin,
      'saveContentPageDraft',
    );
    expect(v2.version).toMatchObject({ number: 2, status: 'DRAFT' });
    const page = async () =>
      (
        await t.gql<{
          contentPage: { liveVersion: { id: string; slots: Slot[] }; draft: { id: string } | null; releases: { action: string; versionId: string }[] };
        }>(
          `query($id: ID!) { contentPage(id: $id) { liveVersion { id slots { ${SLOT} } } draft { id } releases { action versionId reason } } }`,
          { id: pageId },
          t.tokens.admin,
        )
      ).data!.contentPage;
    expect(JSON.stringify((await page()).liveVersion.slots)).toBe(published);
    expect(titles((await t.gql<{ homePage: Rendered }>(HOME, { channel: 'H5' }, t.tokens.customer)).data!.homePage).welcome).toBeUndefined();

    await ok(PUBLISH, { input: { pageId } }, t.tokens.admin, 'publishContentPage');
    const after = await t.gql<{ homePage: Rendered }>(HOME, { channel: 'H5' }, t.tokens.customer);
    expect(after.data!.homePage.versionNumber).toBe(2);
    expect(titles(after.data!.homePage).welcome).toEqual(['free shipping']);

    // Rollback needs a reason, a published version of this page that is not live already.
    const live = await t.gql<{ rollbackContentPage: { userErrors: { code: string }[] } }>(
      ROLLBACK,
      { input: { pageId, versionId: v2.version.id, reason: 'x' } },
      t.tokens.admin,
    );
    expect(live.data!.rollbackContentPage.userErrors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
    const back = await ok<{ version: { id: string; live: boolean; slots: Slot[] } }>(
      ROLLBACK,
      { input: { pageId, versionId: v1.version.id, reason: 'wrong notice' } },
      t.tokens.admin,
      'rollbackContentPage',
    );
    expect(back.version).toMatchObject({ id: v1.version.id, live: true });
    expect(JSON.stringify(back.version.slots)).toBe(published);
    const restored = await t.gql<{ homePage: Rendered }>(HOME, { channel: 'H5' }, t.tokens.customer);
    expect(restored.data!.homePage.versionNumber).toBe(1);
    expect(titles(restored.data!.homePage).welcome).toBeUndefined();
    expect((await page()).releases.map((r) => [r.action, r.versionId])).toEqual([
      ['PUBLISH', v1.version.id],
      ['PUBLISH', v2.version.id],
      ['ROLLBACK', v1.version.id],
    ]);
  });

  it('an item linking a product that went off sale disappears, with no operator touching the page', async () => {
    const shown = await t.gql<{ homePage: Rendered }>(HOME, { channel: 'H5' }, t.tokens.customer);
    expect(titles(shown.data!.homePage).phones).toEqual([PHONE_A, PHONE_B]);
    const off = await t.gql<{ unpublishSpu: { spu: { status: string }; userErrors: unknown[] } }>(
      'mutation($input: ChangeSpuStatusInput!) { unpublishSpu(input: $input) { spu { status } userErrors { code } } }',
      { input: { id: PHONE_B, reason: 'sold out for the season' } },
      t.tokens.merchantA,
    );
    expect(off.data!.unpublishSpu).toEqual({ spu: { status: 'OFF_SHELF' }, userErrors: [] });
    const hidden = await t.gql<{ homePage: Rendered }>(HOME, { channel: 'H5' }, t.tokens.customer);
    expect(titles(hidden.data!.homePage).phones).toEqual([PHONE_A]);
    // The product is resolved by the catalog through federation.
    expect(hidden.data!.homePage.slots.find((s) => s.key === 'phones')!.items[0]!.link!.spu).toEqual({ id: PHONE_A });
  });

  it('a category landing page names an existing category, and customers get it like the home page', async () => {
    const CREATE = 'mutation($input: CreateContentPageInput!) { createContentPage(input: $input) { page { id } userErrors { field code } } }';
    const unknown = await t.gql<{ createContentPage: { userErrors: { code: string }[] } }>(
      CREATE,
      { input: { kind: 'CATEGORY', channel: 'APP', name: '无', categoryId: seedId('cat', 9_999) } },
      t.tokens.admin,
    );
    expect(unknown.data!.createContentPage.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    const landing = await ok<{ page: { id: string } }>(
      CREATE,
      { input: { kind: 'CATEGORY', channel: 'APP', name: '数码 Electronics', categoryId: ELECTRONICS } },
      t.tokens.admin,
      'createContentPage',
    );
    const twice = await t.gql<{ createContentPage: { userErrors: { code: string }[] } }>(
      CREATE,
      { input: { kind: 'CATEGORY', channel: 'APP', name: 'again', categoryId: ELECTRONICS } },
      t.tokens.admin,
    );
    expect(twice.data!.createContentPage.userErrors.map((e) => e.code)).toEqual(['DUPLICATE']);
    const LANDING = `query($categoryId: ID, $campaignId: ID) { landingPage(channel: APP, categoryId: $categoryId, campaignId: $campaignId) { ${RENDERED} } }`;
    expect((await t.gql<{ landingPage: null }>(LANDING, { categoryId: ELECTRONICS }, t.tokens.customer)).data!.landingPage).toBeNull();
    await ok(
      SAVE,
      { input: { pageId: landing.page.id, slots: [{ type: 'PRODUCT_FLOOR', productQuery: { categoryId: ELECTRONICS, first: 12 } }] } },
      t.tokens.admin,
      'saveContentPageDraft',
    );
    await ok(PUBLISH, { input: { pageId: landing.page.id } }, t.tokens.admin, 'publishContentPage');
    const shown = await t.gql<{ landingPage: { pageId: string; slots: { productQuery: { categoryId: string; first: number } }[] } }>(
      LANDING,
      { categoryId: ELECTRONICS },
      t.tokens.customer,
    );
    expect(shown.data!.landingPage).toMatchObject({ pageId: landing.page.id, slots: [{ productQuery: { categoryId: ELECTRONICS, first: 12 } }] });
    // The floor is filled by the catalog as its storefront list stands now: the same products, on sale only.
    const floor = await t.gql<{ landingPage: { slots: { products: { id: string; status: string }[] }[] } }>(
      'query($c: ID) { landingPage(channel: APP, categoryId: $c) { slots { products { id status } } } }',
      { c: ELECTRONICS },
      t.tokens.customer,
    );
    const catalog = await t.gql<{ products: { nodes: { id: string }[] } }>(
      'query($c: ID) { products(first: 12, filter: { categoryId: $c }) { nodes { id } } }',
      { c: ELECTRONICS },
      t.tokens.customer,
    );
    const filled = floor.data!.landingPage.slots[0]!.products;
    expect(filled.length).toBeGreaterThan(0);
    expect(filled.map((p) => p.id)).toEqual(catalog.data!.products.nodes.map((n) => n.id));
    expect(filled.every((p) => p.status === 'ON_SALE')).toBe(true);
    expect(codes(await t.gql(LANDING, { categoryId: ELECTRONICS, campaignId: seedId('cmp', 1) }, t.tokens.customer))).toEqual(['BAD_USER_INPUT']);
  });

  it('only operators write pages; a merchant proposes banners for its own campaigns and sees only its own proposals', async () => {
    const write = await t.gql(SAVE, { input: { pageId, slots: layout() } }, t.tokens.merchantA);
    expect(codes(write)).toEqual(['FORBIDDEN']);
    const create = await t.gql(
      'mutation { createContentPage(input: { kind: HOME, channel: PC, name: "x" }) { page { id } userErrors { code } } }',
      {},
      t.tokens.merchantA,
    );
    expect(codes(create)).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql('{ contentPages(first: 5) { nodes { id } } }', {}, t.tokens.merchantA))).toEqual(['FORBIDDEN']);

    const campaign = async (token: string, name: string) =>
      (
        await ok<{ campaign: { id: string } }>(
          'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id } userErrors { field code message } } }',
          { input: { name, startsAt: iso(0), endsAt: iso(20 * DAY) } },
          token,
          'createCampaign',
        )
      ).campaign.id;
    const campaignA = await campaign(t.tokens.merchantA, '店庆 A');
    const campaignB = await campaign(t.tokens.merchantB, '店庆 B');
    const banner = (campaignId: string, title: string) => ({
      input: { campaignId, channel: 'H5', title, imageUrl: 'https://img.example.com/shop.jpg', startsAt: iso(HOUR), endsAt: iso(5 * DAY) },
    });

    const proposed = await ok<{ proposal: { id: string; status: string; shop: { id: string } } }>(
      PROPOSE,
      banner(campaignA, 'A 店庆'),
      t.tokens.merchantA,
      'proposeBanner',
    );
    expect(proposed.proposal).toMatchObject({ status: 'PENDING', shop: { id: t.shopA } });
    const second = await ok<{ proposal: { id: string } }>(PROPOSE, banner(campaignA, 'A 第二张'), t.tokens.merchantA, 'proposeBanner');
    const notTheirs = await t.gql<{ proposeBanner: { userErrors: { code: string }[] } }>(PROPOSE, banner(campaignB, 'B 的'), t.tokens.merchantA);
    expect(notTheirs.data!.proposeBanner.userErrors.map((e) => e.code)).toEqual(['INVALID']);
    const outside = await t.gql<{ proposeBanner: { userErrors: { code: string }[] } }>(
      PROPOSE,
      { input: { ...banner(campaignA, 'late').input, endsAt: iso(30 * DAY) } },
      t.tokens.merchantA,
    );
    expect(outside.data!.proposeBanner.userErrors.map((e) => e.code)).toEqual(['OUT_OF_RANGE']);
    const forB = await t.gql(PROPOSE, { input: { ...banner(campaignA, 'x').input, shopId: t.shopB } }, t.tokens.merchantA);
    expect(codes(forB)).toEqual(['FORBIDDEN']);

    // Merchant B sees none of shop A's proposals, and asking for them is FORBIDDEN.
    const LIST = 'query($filter: BannerProposalFilter) { bannerProposals(first: 10, filter: $filter) { nodes { id shop { id } } } }';
    const mine = await t.gql<{ bannerProposals: { nodes: { id: string }[] } }>(LIST, {}, t.tokens.merchantA);
    expect(mine.data!.bannerProposals.nodes.map((n) => n.id).sort()).toEqual([proposed.proposal.id, second.proposal.id].sort());
    const theirs = await t.gql<{ bannerProposals: { nodes: { id: string }[] } }>(LIST, {}, t.tokens.merchantB);
    expect(theirs.data!.bannerProposals.nodes).toEqual([]);
    expect(codes(await t.gql(LIST, { filter: { shopId: t.shopA } }, t.tokens.merchantB))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql('query($id: ID!) { bannerProposal(id: $id) { id } }', { id: proposed.proposal.id }, t.tokens.merchantB))).toEqual(['FORBIDDEN']);

    // Only an operator decides.
    const DECIDE = `mutation($input: ApproveBannerProposalInput!) { approveBannerProposal(input: $input) { proposal { id status pageId itemId } userErrors { code } } }`;
    expect(codes(await t.gql(DECIDE, { input: { id: proposed.proposal.id, pageId } }, t.tokens.merchantA))).toEqual(['FORBIDDEN']);
    const approved = await ok<{ proposal: { status: string; pageId: string; itemId: string } }>(
      DECIDE,
      { input: { id: proposed.proposal.id, pageId } },
      t.tokens.admin,
      'approveBannerProposal',
    );
    expect(approved.proposal).toMatchObject({ status: 'APPROVED', pageId });
    const draft = await t.gql<{
      contentPage: { draft: { slots: { key: string; items: { id: string; proposalId: string | null; link: { campaignId: string } }[] }[] } };
    }>('query($id: ID!) { contentPage(id: $id) { draft { slots { key items { id proposalId link { campaignId } } } } } }', { id: pageId }, t.tokens.admin);
    const banners = draft.data!.contentPage.draft.slots.find((s) => s.key === 'banners')!.items;
    expect(banners.at(-1)).toEqual({ id: approved.proposal.itemId, proposalId: proposed.proposal.id, link: { campaignId: campaignA } });
    const twice = await t.gql<{ approveBannerProposal: { userErrors: { code: string }[] } }>(
      DECIDE,
      { input: { id: proposed.proposal.id, pageId } },
      t.tokens.admin,
    );
    expect(twice.data!.approveBannerProposal.userErrors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);

    const rejected = await ok<{ proposal: { status: string; decisionReason: string } }>(
      'mutation($input: RejectBannerProposalInput!) { rejectBannerProposal(input: $input) { proposal { status decisionReason } userErrors { code } } }',
      { input: { id: second.proposal.id, reason: '图片不清晰 image too blurry' } },
      t.tokens.admin,
      'rejectBannerProposal',
    );
    expect(rejected.proposal).toEqual({ status: 'REJECTED', decisionReason: '图片不清晰 image too blurry' });
    const seen = await t.gql<{ bannerProposal: { status: string; decisionReason: string } }>(
      'query($id: ID!) { bannerProposal(id: $id) { status decisionReason } }',
      { id: second.proposal.id },
      t.tokens.merchantA,
    );
    expect(seen.data!.bannerProposal).toEqual(rejected.proposal);
  });
});
