import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { membersService, newId, type TokenInput } from '@zhongtai/kit';
import { openTestWorld, TEST_ADMIN as ADMIN, testCustomer as customer, testRunTag, useTestWorld } from '@zhongtai/kit/testing';
import { shopsCenter } from '@zhongtai/shops';
import { couponTemplates } from '../src/db/tables.ts';
import { claimCoupon, grantCoupons, MAX_GRANT } from '../src/domain/claims.ts';
import { TEMPLATE_ID_PREFIX } from '../src/domain/ids.ts';
import { createCouponTemplate, endCouponTemplate } from '../src/domain/templates.ts';
import { marketingCenter } from '../src/index.ts';
import { templateInput } from './fixtures.ts';

/**
 * The claim and grant rules on an injected clock (`ctx.now()`), so each boundary is tested at the
 * millisecond on both sides. Grants name members by id only: the marketing center does not check
 * them against the member center, so the world holds marketing and shops (whose seed has the
 * platform staff an ADMIN token names) and nothing else: it opens in seconds, which matters when
 * Stryker runs this file once per mutant.
 */
const world = useTestWorld(() => openTestWorld({ centers: [shopsCenter, marketingCenter], seed: [shopsCenter] }));
const RUN = testRunTag();

const DAY = 86_400_000;
const OPENS = new Date('2031-06-01T00:00:00.000Z');
const CLOSES = new Date('2031-06-18T00:00:00.000Z');
const at = (ms: number) => new Date(ms);
const as = async (token: TokenInput, now: Date) => ({ ...(await world.as(token)), now: () => now });
const aMember = () => newId(membersService.MEMBER_ID_PREFIX);

let templates = 0;
async function template(over: Record<string, unknown> = {}) {
  const result = await createCouponTemplate(
    await world.as(ADMIN),
    templateInput({ name: `领券 ${RUN} ${++templates}`, claimableFrom: OPENS, claimableUntil: CLOSES, ...over }),
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const claimAt = async (memberId: string, templateId: string, now: Date) => claimCoupon(await as(customer(memberId), now), { templateId });
const grantAt = async (templateId: string, memberIds: string[], now: Date) => grantCoupons(await as(ADMIN, now), { templateId, memberIds });

async function templateRow(templateId: string) {
  const [row] = await world.host.database.forCenter('marketing').select().from(couponTemplates).where(eq(couponTemplates.id, templateId));
  return row!;
}
const claimedCount = async (templateId: string) => (await templateRow(templateId)).claimedCount;

describe('claim window: from claimableFrom (included) to claimableUntil (excluded)', () => {
  // Guards against a window open one instant early or late at either end.
  it('refuses 1 ms before it opens and at its end; takes a claim at its opening and 1 ms before its end', async () => {
    const t = await template();
    const member = aMember();
    expect(await claimAt(member, t.id, at(OPENS.getTime() - 1))).toEqual({
      ok: false,
      errors: [{ field: ['input', 'templateId'], code: 'NOT_STARTED', message: `${t.name} can be claimed from 2031-06-01T00:00:00.000Z` }],
    });
    const first = await claimAt(member, t.id, OPENS);
    expect(first.ok).toBe(true);
    const last = await claimAt(member, t.id, at(CLOSES.getTime() - 1));
    expect(last.ok).toBe(true);
    expect(await claimAt(member, t.id, CLOSES)).toEqual({
      ok: false,
      errors: [{ field: ['input', 'templateId'], code: 'EXPIRED', message: `${t.name} can no longer be claimed` }],
    });
    expect(await claimedCount(t.id)).toBe(2);
  });

  // Guards against a coupon valid from the template's creation, or for the wrong number of days.
  it('a coupon of a validDays template is valid from its claim for exactly that many days', async () => {
    const t = await template({ validDays: 7 });
    const now = at(OPENS.getTime() + 5 * 3_600_000);
    const claimed = await claimAt(aMember(), t.id, now);
    expect(claimed.ok && [claimed.value.validFrom, claimed.value.validUntil, claimed.value.claimedAt, claimed.value.source]).toEqual([
      now,
      at(now.getTime() + 7 * DAY),
      now,
      'CLAIM',
    ]);
  });

  it("a coupon of a fixed-window template carries the template's window, whenever it is claimed", async () => {
    const validFrom = new Date('2031-07-01T00:00:00.000Z');
    const validUntil = new Date('2031-07-31T00:00:00.000Z');
    const t = await template({ validDays: null, validFrom, validUntil });
    const claimed = await claimAt(aMember(), t.id, at(OPENS.getTime() + DAY));
    expect(claimed.ok && [claimed.value.validFrom, claimed.value.validUntil]).toEqual([validFrom, validUntil]);
  });

  it('refusals name the template and the rule: ended, all claimed, per-member limit, not an id, not found', async () => {
    const now = at(OPENS.getTime() + DAY);
    const t = await template({ totalQuantity: 3, perMemberLimit: 2 });
    const member = aMember();
    expect((await claimAt(member, t.id, now)).ok).toBe(true);
    expect((await claimAt(member, t.id, now)).ok).toBe(true);
    expect(await claimAt(member, t.id, now)).toEqual({
      ok: false,
      errors: [{ field: ['input', 'templateId'], code: 'LIMIT_REACHED', message: `At most 2 of ${t.name} per member` }],
    });
    // The last one of the quantity can be claimed; then none.
    expect((await claimAt(aMember(), t.id, now)).ok).toBe(true);
    expect(await claimAt(aMember(), t.id, now)).toEqual({
      ok: false,
      errors: [{ field: ['input', 'templateId'], code: 'SOLD_OUT', message: `${t.name} is all claimed` }],
    });
    const ended = await template();
    await endCouponTemplate(await world.as(ADMIN), { id: ended.id });
    expect(await claimAt(member, ended.id, now)).toEqual({
      ok: false,
      errors: [{ field: ['input', 'templateId'], code: 'EXPIRED', message: `${ended.name} can no longer be claimed` }],
    });
    expect(await claimAt(member, 'nope', now)).toEqual({
      ok: false,
      errors: [{ field: ['input', 'templateId'], code: 'INVALID_ID', message: '"nope" is not a coupon template id' }],
    });
    const missing = newId(TEMPLATE_ID_PREFIX);
    expect(await claimAt(member, missing, now)).toEqual({
      ok: false,
      errors: [{ field: ['input', 'templateId'], code: 'NOT_FOUND', message: `Coupon template ${missing} not found` }],
    });
  });
});

describe('grants: an operator gives coupons outside the claim window, never past the quantity', () => {
  // Guards against a grant held to the customers' claim window.
  it('grants before the claim window opens and after it closes, counting every coupon against the quantity', async () => {
    const t = await template({ perMemberLimit: 1 });
    const [a, b, c] = [aMember(), aMember(), aMember()];
    const early = await grantAt(t.id, [a, b], at(OPENS.getTime() - DAY));
    expect(early.ok && early.value.coupons.map((x) => [x.memberId, x.source, x.claimedAt])).toEqual([
      [a, 'GRANT', at(OPENS.getTime() - DAY)],
      [b, 'GRANT', at(OPENS.getTime() - DAY)],
    ]);
    expect(early.ok && early.value.skippedMemberIds).toEqual([]);
    const late = await grantAt(t.id, [c, a], CLOSES);
    expect(late.ok && [late.value.coupons.map((x) => x.memberId), late.value.skippedMemberIds]).toEqual([[c], [a]]);
    expect(await claimedCount(t.id)).toBe(3);
  });

  it('grants exactly the quantity left; one member more and nothing is granted', async () => {
    const t = await template({ totalQuantity: 3, perMemberLimit: 1 });
    const now = at(OPENS.getTime() + DAY);
    expect(await grantAt(t.id, [aMember(), aMember(), aMember(), aMember()], now)).toEqual({
      ok: false,
      errors: [{ field: ['input', 'templateId'], code: 'SOLD_OUT', message: `${t.name} is all claimed` }],
    });
    expect(await claimedCount(t.id)).toBe(0);
    const all = await grantAt(t.id, [aMember(), aMember(), aMember()], now);
    expect(all.ok && all.value.coupons).toHaveLength(3);
    expect(await claimedCount(t.id)).toBe(3);
  });

  it('a grant where every member is at the limit grants nothing and counts nothing', async () => {
    const t = await template({ perMemberLimit: 1 });
    const now = at(OPENS.getTime() + DAY);
    const member = aMember();
    expect((await claimAt(member, t.id, now)).ok).toBe(true);
    const before = await templateRow(t.id);
    expect(await grantAt(t.id, [member], at(now.getTime() + 1000))).toEqual({ ok: true, value: { coupons: [], skippedMemberIds: [member] } });
    // Untouched, not even its updatedAt: nothing was granted.
    expect(await templateRow(t.id)).toEqual(before);
  });

  it('an ended template grants nothing, whether or not a member could receive one', async () => {
    const t = await template({ perMemberLimit: 1 });
    const now = at(OPENS.getTime() + DAY);
    const member = aMember();
    expect((await claimAt(member, t.id, now)).ok).toBe(true);
    await endCouponTemplate(await world.as(ADMIN), { id: t.id });
    expect(await grantAt(t.id, [aMember()], now)).toEqual({
      ok: false,
      errors: [{ field: ['input', 'templateId'], code: 'EXPIRED', message: `${t.name} can no longer be claimed` }],
    });
    expect(await grantAt(t.id, [member], now)).toEqual({
      ok: false,
      errors: [{ field: ['input', 'templateId'], code: 'EXPIRED', message: `${t.name} has ended` }],
    });
  });

  it('names every problem of the input at once: template id, members missing, too many, not member ids', async () => {
    const now = at(OPENS.getTime() + DAY);
    expect(await grantAt('nope', [], now)).toEqual({
      ok: false,
      errors: [
        { field: ['input', 'templateId'], code: 'INVALID_ID', message: '"nope" is not a coupon template id' },
        { field: ['input', 'memberIds'], code: 'REQUIRED', message: 'Name at least one member' },
      ],
    });
    const t = await template();
    const tooMany = Array.from({ length: MAX_GRANT + 1 }, aMember);
    expect(await grantAt(t.id, tooMany, now)).toEqual({
      ok: false,
      errors: [{ field: ['input', 'memberIds'], code: 'TOO_MANY', message: 'At most 1000 members at once' }],
    });
    const good = aMember();
    expect(await grantAt(t.id, [good, 'usr_1', good], now)).toEqual({
      ok: false,
      errors: [{ field: ['input', 'memberIds', '1'], code: 'INVALID_ID', message: '"usr_1" is not a member id' }],
    });
    const exactly = Array.from({ length: MAX_GRANT }, aMember);
    const big = await grantAt(t.id, exactly, now);
    expect(big.ok && big.value.coupons).toHaveLength(MAX_GRANT);
    const missing = newId(TEMPLATE_ID_PREFIX);
    expect(await grantAt(missing, [good], now)).toEqual({
      ok: false,
      errors: [{ field: ['input', 'templateId'], code: 'NOT_FOUND', message: `Coupon template ${missing} not found` }],
    });
  });
});
