import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { isId, membersService, newId, ok, Problems, type Db, type RequestContext, type Result } from '@zhongtai/kit';
import { coupons, couponTemplates, type CouponRow, type CouponTemplateRow } from '../db/tables.ts';
import { COUPON_ID_PREFIX, newCouponCode, TEMPLATE_ID_PREFIX } from './ids.ts';

const DAY_MS = 86_400_000;
export const MAX_GRANT = 1000;

/** Why a template cannot be claimed now, if it cannot. */
function claimRefusal(problems: Problems, template: CouponTemplateRow, now: Date, wanted: number): boolean {
  const field = ['input', 'templateId'];
  if (template.status !== 'ACTIVE' || template.claimableUntil <= now) return !problems.add(field, 'EXPIRED', `${template.name} can no longer be claimed`);
  if (template.claimableFrom > now) return !problems.add(field, 'NOT_STARTED', `${template.name} can be claimed from ${template.claimableFrom.toISOString()}`);
  if (template.claimedCount + wanted > template.totalQuantity) return !problems.add(field, 'SOLD_OUT', `${template.name} is all claimed`);
  return true;
}

function couponFor(template: CouponTemplateRow, memberId: string, source: CouponRow['source'], now: Date): typeof coupons.$inferInsert {
  const validFrom = template.validFrom ?? now;
  const validUntil = template.validUntil ?? new Date(now.getTime() + template.validDays! * DAY_MS);
  return {
    id: newId(COUPON_ID_PREFIX),
    templateId: template.id,
    memberId,
    code: newCouponCode(),
    source,
    validFrom,
    validUntil,
    claimedAt: now,
    updatedAt: now,
  };
}

/** CouponClaimed for each new coupon, in the claim's transaction (analytics counts claims per template). */
async function publishClaims(ctx: RequestContext, tx: Db, template: CouponTemplateRow, rows: CouponRow[]): Promise<void> {
  for (const row of rows)
    await ctx.events.publish(tx, 'CouponClaimed', {
      couponId: row.id,
      templateId: template.id,
      shopId: template.shopId,
      memberId: row.memberId,
      source: row.source === 'GRANT' ? 'GRANT' : 'CLAIM',
      claimedAt: row.claimedAt.toISOString(),
    });
}

/**
 * Locks the template row for the rest of the transaction: every claim of one template queues
 * here, so the quantity and each member's count are read after the previous claim committed.
 */
async function lockTemplate(tx: Db, id: string): Promise<CouponTemplateRow | undefined> {
  const [row] = await tx.select().from(couponTemplates).where(eq(couponTemplates.id, id)).for('update');
  return row;
}

async function heldBy(tx: Db, templateId: string, memberIds: string[]): Promise<Map<string, number>> {
  const rows = await tx
    .select({ memberId: coupons.memberId, n: count() })
    .from(coupons)
    .where(and(eq(coupons.templateId, templateId), inArray(coupons.memberId, memberIds)))
    .groupBy(coupons.memberId);
  return new Map(rows.map((r) => [r.memberId, r.n]));
}

export async function claimCoupon(ctx: RequestContext, input: { templateId: string }): Promise<Result<CouponRow>> {
  const problems = new Problems();
  const memberId = ctx.claims!.memberId!;
  if (!isId(TEMPLATE_ID_PREFIX, input.templateId))
    return problems.add(['input', 'templateId'], 'INVALID_ID', `"${input.templateId}" is not a coupon template id`).refuse();
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const template = await lockTemplate(tx, input.templateId);
    if (!template) return problems.add(['input', 'templateId'], 'NOT_FOUND', `Coupon template ${input.templateId} not found`).refuse<CouponRow>();
    if (!claimRefusal(problems, template, now, 1)) return problems.refuse<CouponRow>();
    const held = (await heldBy(tx, template.id, [memberId])).get(memberId) ?? 0;
    if (held >= template.perMemberLimit)
      return problems.add(['input', 'templateId'], 'LIMIT_REACHED', `At most ${template.perMemberLimit} of ${template.name} per member`).refuse<CouponRow>();
    await tx
      .update(couponTemplates)
      .set({ claimedCount: sql`${couponTemplates.claimedCount} + 1`, updatedAt: now })
      .where(eq(couponTemplates.id, template.id));
    const rows = await tx
      .insert(coupons)
      .values(couponFor(template, memberId, 'CLAIM', now))
      .returning();
    await publishClaims(ctx, tx, template, rows);
    return ok(rows[0]!);
  });
}

/** An operator gives one coupon to each member; members at the limit are skipped, not refused. */
export async function grantCoupons(
  ctx: RequestContext,
  input: { templateId: string; memberIds: string[] },
): Promise<Result<{ coupons: CouponRow[]; skippedMemberIds: string[] }>> {
  const problems = new Problems();
  const memberIds = [...new Set(input.memberIds)];
  if (!isId(TEMPLATE_ID_PREFIX, input.templateId)) problems.add(['input', 'templateId'], 'INVALID_ID', `"${input.templateId}" is not a coupon template id`);
  problems.check(memberIds.length > 0, ['input', 'memberIds'], 'REQUIRED', 'Name at least one member');
  problems.check(memberIds.length <= MAX_GRANT, ['input', 'memberIds'], 'TOO_MANY', `At most ${MAX_GRANT} members at once`);
  memberIds.forEach((id, i) =>
    problems.check(isId(membersService.MEMBER_ID_PREFIX, id), ['input', 'memberIds', String(i)], 'INVALID_ID', `"${id}" is not a member id`),
  );
  if (problems.any) return problems.refuse();
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const template = await lockTemplate(tx, input.templateId);
    if (!template) return problems.add(['input', 'templateId'], 'NOT_FOUND', `Coupon template ${input.templateId} not found`).refuse();
    const held = await heldBy(tx, template.id, memberIds);
    const receiving = memberIds.filter((id) => (held.get(id) ?? 0) < template.perMemberLimit);
    if (receiving.length && !claimRefusal(problems, { ...template, claimableFrom: now, claimableUntil: new Date(now.getTime() + 1) }, now, receiving.length))
      return problems.refuse();
    if (template.status !== 'ACTIVE') return problems.add(['input', 'templateId'], 'EXPIRED', `${template.name} has ended`).refuse();
    const rows = receiving.length
      ? await tx
          .insert(coupons)
          .values(receiving.map((id) => couponFor(template, id, 'GRANT', now)))
          .returning()
      : [];
    await publishClaims(ctx, tx, template, rows);
    if (rows.length)
      await tx
        .update(couponTemplates)
        .set({ claimedCount: sql`${couponTemplates.claimedCount} + ${rows.length}`, updatedAt: now })
        .where(eq(couponTemplates.id, template.id));
    return ok({ coupons: rows, skippedMemberIds: memberIds.filter((id) => !receiving.includes(id)) });
  });
}
