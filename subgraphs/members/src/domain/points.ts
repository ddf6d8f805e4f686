import { and, eq, gt, lte, sql } from 'drizzle-orm';
import { isId, isUniqueViolation, ok, Problems, requiredText, type EventCatalog, type RequestContext, type Result, logger } from '@zhongtai/kit';
import { members, pointsEntries, type MemberRow, type PointsEntryRow, type PointsKind } from '../db/tables.ts';
import { MEMBER_ID_PREFIX } from './ids.ts';
import { post } from './ledger.ts';
import { allLevels, levelFor } from './levels.ts';
import { readPointsSettings } from './settings.ts';

/** What a service call moved: the points (unsigned) and the balance after. */
export interface PointsChange {
  points: number;
  balance: number | null;
}

const MAX_POINTS = 100_000_000;

function checkPoints(problems: Problems, points: number, field: string[]): boolean {
  return problems.check(
    Number.isInteger(points) && points > 0 && points <= MAX_POINTS,
    field,
    'OUT_OF_RANGE',
    `Points must be a whole number from 1 to ${MAX_POINTS}`,
  );
}

async function findMemberFor(ctx: RequestContext, memberId: string, problems: Problems, field: string[]): Promise<MemberRow | undefined> {
  if (!isId(MEMBER_ID_PREFIX, memberId)) {
    problems.add(field, 'INVALID_ID', `"${memberId}" is not a member id`);
    return undefined;
  }
  const [row] = await ctx.db.select().from(members).where(eq(members.id, memberId));
  if (!row) problems.add(field, 'NOT_FOUND', `Member ${memberId} not found`);
  else problems.check(row.status === 'ACTIVE', field, 'INACTIVE', `Member ${memberId} is frozen`);
  return row;
}

async function orderEntry(ctx: RequestContext, orderId: string, kind: PointsKind): Promise<PointsEntryRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(pointsEntries)
    .where(and(eq(pointsEntries.orderId, orderId), eq(pointsEntries.kind, kind)));
  return row;
}

async function balanceOf(ctx: RequestContext, memberId: string): Promise<number | null> {
  const [row] = await ctx.db.select({ balance: members.pointsBalance }).from(members).where(eq(members.id, memberId));
  return row?.balance ?? null;
}

/** The first posting for (order, kind) wins; a repeat, even a concurrent one, returns it. */
async function oncePerOrder(ctx: RequestContext, orderId: string, kind: PointsKind, run: () => Promise<Result<PointsChange>>): Promise<Result<PointsChange>> {
  const repeat = async (entry: PointsEntryRow) => ok({ points: Math.abs(entry.points), balance: await balanceOf(ctx, entry.memberId) });
  const existing = await orderEntry(ctx, orderId, kind);
  if (existing) return repeat(existing);
  try {
    return await run();
  } catch (error) {
    if (!isUniqueViolation(error, 'points_entries_order_kind_key')) throw error;
    return repeat((await orderEntry(ctx, orderId, kind))!);
  }
}

export async function spendPoints(ctx: RequestContext, input: { memberId: string; points: number; orderId: string }): Promise<Result<PointsChange>> {
  const problems = new Problems();
  const orderId = requiredText(problems, input.orderId, ['input', 'orderId'], 'Order id', 40);
  checkPoints(problems, input.points, ['input', 'points']);
  if (problems.any || !orderId) return problems.refuse();
  return oncePerOrder(ctx, orderId, 'SPEND', async () => {
    await findMemberFor(ctx, input.memberId, problems, ['input', 'memberId']);
    if (problems.any) return problems.refuse();
    const { validityDays } = await readPointsSettings(ctx.db);
    const posted = await ctx.db.transaction((tx) =>
      post(ctx, tx, { memberId: input.memberId, kind: 'SPEND', points: -input.points, orderId, now: ctx.now(), validityDays }),
    );
    if (!posted) return problems.add(['input', 'points'], 'INSUFFICIENT_POINTS', `The member has fewer than ${input.points} points`).refuse();
    return ok({ points: input.points, balance: posted.balance });
  });
}

/** Gives back what an order spent, as a fresh credit (the spent lots may have expired meanwhile). */
export async function refundPoints(ctx: RequestContext, input: { orderId: string }): Promise<Result<PointsChange>> {
  const problems = new Problems();
  const orderId = requiredText(problems, input.orderId, ['input', 'orderId'], 'Order id', 40);
  if (!orderId) return problems.refuse();
  const spent = await orderEntry(ctx, orderId, 'SPEND');
  if (!spent) return ok({ points: 0, balance: null });
  return oncePerOrder(ctx, orderId, 'REFUND', async () => {
    const { validityDays } = await readPointsSettings(ctx.db);
    const posted = await ctx.db.transaction((tx) =>
      post(ctx, tx, { memberId: spent.memberId, kind: 'REFUND', points: -spent.points, orderId, now: ctx.now(), validityDays }),
    );
    return ok({ points: -spent.points, balance: posted!.balance });
  });
}

/** Credits a completed order: points times the level's multiplier; growth grows by the base points. */
export async function earnPoints(ctx: RequestContext, input: { memberId: string; points: number; orderId: string }): Promise<Result<PointsChange>> {
  const problems = new Problems();
  const orderId = requiredText(problems, input.orderId, ['input', 'orderId'], 'Order id', 40);
  checkPoints(problems, input.points, ['input', 'points']);
  if (problems.any || !orderId) return problems.refuse();
  return oncePerOrder(ctx, orderId, 'EARN', async () => {
    const member = await findMemberFor(ctx, input.memberId, problems, ['input', 'memberId']);
    if (problems.any || !member) return problems.refuse();
    const level = levelFor(await allLevels(ctx), member.growth);
    const points = Math.floor((input.points * (level?.pointsMultiplierPercent ?? 100)) / 100);
    const { validityDays } = await readPointsSettings(ctx.db);
    const posted = await ctx.db.transaction(async (tx) => {
      await tx
        .update(members)
        .set({ growth: sql`${members.growth} + ${input.points}` })
        .where(eq(members.id, member.id));
      return post(ctx, tx, { memberId: member.id, kind: 'EARN', points, orderId, now: ctx.now(), validityDays });
    });
    return ok({ points, balance: posted!.balance });
  });
}

export async function adjustPoints(ctx: RequestContext, input: { memberId: string; points: number; reason: string }): Promise<Result<PointsEntryRow>> {
  const problems = new Problems();
  const reason = requiredText(problems, input.reason, ['input', 'reason'], 'Reason', 500);
  problems.check(
    Number.isInteger(input.points) && input.points !== 0 && Math.abs(input.points) <= MAX_POINTS,
    ['input', 'points'],
    'OUT_OF_RANGE',
    'Points must be a non-zero whole number',
  );
  if (!isId(MEMBER_ID_PREFIX, input.memberId)) problems.add(['input', 'memberId'], 'INVALID_ID', `"${input.memberId}" is not a member id`);
  if (problems.any) return problems.refuse();
  const { validityDays } = await readPointsSettings(ctx.db);
  const actor = ctx.claims?.subject ?? 'unknown';
  const posted = await ctx.db.transaction((tx) =>
    post(ctx, tx, { memberId: input.memberId, kind: 'ADJUST', points: input.points, reason: `${reason} (${actor})`, now: ctx.now(), validityDays }),
  );
  if (!posted) {
    const exists = await balanceOf(ctx, input.memberId);
    if (exists === null) return problems.add(['input', 'memberId'], 'NOT_FOUND', `Member ${input.memberId} not found`).refuse();
    return problems.add(['input', 'points'], 'INSUFFICIENT_POINTS', `The balance is ${exists}: it cannot go below zero`).refuse();
  }
  return ok(posted.entry);
}

/**
 * The expiry sweep (a pg-boss cron job): for each member with credit lots past `expiresAt` and
 * unspent, one EXPIRE entry takes exactly what is left of them. Member by member, each in its own
 * transaction that locks the member first, like every other posting.
 */
export async function expireDuePoints(ctx: RequestContext, now = ctx.now()): Promise<number> {
  let expired = 0;
  for (;;) {
    const due = await ctx.db
      .selectDistinct({ memberId: pointsEntries.memberId })
      .from(pointsEntries)
      .where(and(gt(pointsEntries.remaining, 0), lte(pointsEntries.expiresAt, now)))
      .limit(200);
    if (!due.length) return expired;
    for (const { memberId } of due) {
      expired += await ctx.db.transaction(async (tx) => {
        await tx.select({ id: members.id }).from(members).where(eq(members.id, memberId)).for('update');
        const [due] = await tx
          .select({ points: sql<string>`coalesce(sum(${pointsEntries.remaining}), 0)` })
          .from(pointsEntries)
          .where(and(eq(pointsEntries.memberId, memberId), gt(pointsEntries.remaining, 0), lte(pointsEntries.expiresAt, now)));
        const points = Number(due?.points ?? 0);
        if (points === 0) return 0;
        // Debits consume the earliest-expiring lots first: exactly the due ones.
        await post(ctx, tx, { memberId, kind: 'EXPIRE', points: -points, reason: 'points expired', now, validityDays: 0 });
        return points;
      });
    }
  }
}

/** Points a completed order earns before the level's multiplier: one per whole currency unit paid. */
export const POINTS_PER_CURRENCY_UNIT_PAID = 1;

/** OrderCompleted: what the customer paid and kept earns points (see earnPoints). */
export async function creditCompletedOrder(ctx: RequestContext, order: EventCatalog['OrderCompleted']): Promise<void> {
  const points = Math.floor(Number(order.paid)) * POINTS_PER_CURRENCY_UNIT_PAID;
  if (points <= 0) return;
  const earned = await earnPoints(ctx, { memberId: order.memberId, points, orderId: order.orderId });
  // A frozen or deleted member earns nothing; retrying would not change that.
  if (!earned.ok) logger(ctx).warn('a completed order earned no points', { orderId: order.orderId, reasons: earned.errors.map((e) => e.message) });
}
