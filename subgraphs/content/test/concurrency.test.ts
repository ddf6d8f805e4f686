import { count, eq } from 'drizzle-orm';
import { demoShopId, newId } from '@zhongtai/kit';
import { mustOk, openTestWorld, TEST_ADMIN as ADMIN, useTestWorld } from '@zhongtai/kit/testing';
import { describe, expect, it } from 'vitest';
import { bannerProposals, pageReleases, pageVersions } from '../src/db/tables.ts';
import type { ContentSlotInput } from '../src/domain/document.ts';
import { BANNER_PROPOSAL_ID_PREFIX } from '../src/domain/ids.ts';
import { createPage } from '../src/domain/pages.ts';
import { approveProposal } from '../src/domain/proposals.ts';
import { publishPage, rollbackPage, saveDraft } from '../src/domain/versions.ts';
import { contentCenter } from '../src/index.ts';

const N = 10;
const notice = (title: string): ContentSlotInput[] => [
  { type: 'NOTICE', items: [{ title, startsAt: new Date('2026-01-01T00:00:00Z'), endsAt: new Date('2027-01-01T00:00:00Z') }] },
];

describe('page versions on their own', () => {
  const world = useTestWorld(() => openTestWorld({ centers: [contentCenter] }));
  const db = () => world.host.database.forCenter('content');

  it('a published version row is never written again: later saves open the next version', async () => {
    const page = mustOk(await createPage(await world.as(ADMIN), { kind: 'HOME', channel: 'PC', name: 'PC' }));
    const v1 = mustOk(await saveDraft(await world.as(ADMIN), { pageId: page.id, slots: notice('one') }));
    mustOk(await publishPage(await world.as(ADMIN), { pageId: page.id }));
    const [frozen] = await db().select().from(pageVersions).where(eq(pageVersions.id, v1.id));
    const v2 = mustOk(await saveDraft(await world.as(ADMIN), { pageId: page.id, slots: notice('two') }));
    mustOk(await saveDraft(await world.as(ADMIN), { pageId: page.id, slots: notice('three') }));
    expect(v2.number).toBe(2);
    const [after] = await db().select().from(pageVersions).where(eq(pageVersions.id, v1.id));
    expect(after).toEqual(frozen);
    expect(after!.document.slots[0]!.items[0]!.title).toBe('one');
  });
});

// Races need real connections: PGlite has one, so these run on PostgreSQL.
describe.runIf(process.env.DATABASE_URL)('page versions under concurrency (PostgreSQL)', () => {
  const world = useTestWorld(() => openTestWorld({ centers: [contentCenter] }));
  const db = () => world.host.database.forCenter('content');
  const admins = () => Promise.all(Array.from({ length: N }, () => world.as(ADMIN)));

  it('ten first saves of a page at once open one draft; ten publications of it publish it once', async () => {
    const page = mustOk(await createPage(await world.as(ADMIN), { kind: 'HOME', channel: 'MINI_PROGRAM', name: '小程序' }));
    let contexts = await admins();
    const saves = await Promise.all(contexts.map((ctx, i) => saveDraft(ctx, { pageId: page.id, slots: notice(`save ${i}`) })));
    expect(saves.filter((r) => r.ok).length).toBeGreaterThan(0);
    expect(saves.flatMap((r) => (r.ok ? [] : r.errors.map((e) => e.code))).every((c) => c === 'DUPLICATE')).toBe(true);
    const [versions] = await db().select({ n: count() }).from(pageVersions).where(eq(pageVersions.pageId, page.id));
    expect(versions!.n).toBe(1);

    contexts = await admins();
    const publications = await Promise.all(contexts.map((ctx) => publishPage(ctx, { pageId: page.id })));
    expect(publications.filter((r) => r.ok)).toHaveLength(1);
    expect(publications.flatMap((r) => (r.ok ? [] : r.errors.map((e) => e.code))).every((c) => c === 'INVALID_TRANSITION' || c === 'NOT_FOUND')).toBe(true);
    const [releases] = await db().select({ n: count() }).from(pageReleases).where(eq(pageReleases.pageId, page.id));
    expect(releases!.n).toBe(1);
  });

  it('ten rollbacks at once move the live version once', async () => {
    const page = mustOk(await createPage(await world.as(ADMIN), { kind: 'HOME', channel: 'APP', name: 'APP' }));
    const v1 = mustOk(await saveDraft(await world.as(ADMIN), { pageId: page.id, slots: notice('one') }));
    mustOk(await publishPage(await world.as(ADMIN), { pageId: page.id }));
    mustOk(await saveDraft(await world.as(ADMIN), { pageId: page.id, slots: notice('two') }));
    mustOk(await publishPage(await world.as(ADMIN), { pageId: page.id }));
    const contexts = await admins();
    const rollbacks = await Promise.all(contexts.map((ctx) => rollbackPage(ctx, { pageId: page.id, versionId: v1.id, reason: 'race' })));
    expect(rollbacks.filter((r) => r.ok)).toHaveLength(1);
    const rows = await db().select().from(pageReleases).where(eq(pageReleases.pageId, page.id));
    expect(rows.map((r) => r.action).sort()).toEqual(['PUBLISH', 'PUBLISH', 'ROLLBACK']);
  });

  it('ten approvals of one proposal at once put its banner in the draft once', async () => {
    const page = mustOk(await createPage(await world.as(ADMIN), { kind: 'HOME', channel: 'H5', name: 'H5' }));
    const id = newId(BANNER_PROPOSAL_ID_PREFIX);
    // Proposing asks the marketing center about the campaign; the race is about deciding, so the row is written as proposed.
    await db()
      .insert(bannerProposals)
      .values({
        id,
        shopId: demoShopId(1),
        campaignId: newId('cmp'),
        channel: 'H5',
        title: '店庆',
        imageUrl: 'https://img.example.com/shop.jpg',
        startsAt: new Date('2026-11-01T00:00:00Z'),
        endsAt: new Date('2026-11-12T00:00:00Z'),
        proposedBy: 'merchant:test',
      });
    const contexts = await admins();
    const approvals = await Promise.all(contexts.map((ctx) => approveProposal(ctx, { id, pageId: page.id })));
    expect(approvals.filter((r) => r.ok)).toHaveLength(1);
    const drafts = await db().select().from(pageVersions).where(eq(pageVersions.pageId, page.id));
    expect(drafts).toHaveLength(1);
    expect(drafts[0]!.document.slots.flatMap((s) => s.items.map((i) => i.proposalId))).toEqual([id]);
  });
});
