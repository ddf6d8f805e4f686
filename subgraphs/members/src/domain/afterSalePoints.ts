import { and, eq } from 'drizzle-orm';
import { ok, Problems, requiredText, type RequestContext, type Result } from '@zhongtai/kit';
import { members, pointsEntries, pointsShortfalls } from '../db/tables.ts';
import { post } from './ledger.ts';
import { readPointsSettings } from './settings.ts';

export interface ReverseAfterSalePointsInput {
  /** The after-sale request: each reversal happens once per key. */
  key: string;
  memberId: string;
  orderId: string;
  /** The refund's part of what the order's earned points were counted on (minor units, as decimal strings). */
  refundedPart: string;
  paidWhole: string;
  /** Points the refunded units had spent (their share of the checkout's points deduction): given back. */
  returnPoints: number;
}

export interface AfterSalePoints {
  revoked: number;
  shortfall: number;
  returned: number;
}

/**
 * What an after-sale refund undoes in the points ledger: the points the order earned, in the
 * refund's proportion, are taken back (REVOKE, never below a zero balance: what is missing is
 * recorded in points_shortfalls), and the points the refunded units spent come back (REFUND).
 * Keyed by the request, so a retry posts nothing twice.
 */
export async function reverseAfterSalePoints(ctx: RequestContext, input: ReverseAfterSalePointsInput): Promise<Result<AfterSalePoints>> {
  const problems = new Problems();
  const key = requiredText(problems, input.key, ['input', 'key'], 'Key', 40);
  const part = BigInt(/^\d+$/.test(input.refundedPart) ? input.refundedPart : '0');
  const whole = BigInt(/^\d+$/.test(input.paidWhole) ? input.paidWhole : '0');
  problems.check(
    Number.isInteger(input.returnPoints) && input.returnPoints >= 0,
    ['input', 'returnPoints'],
    'OUT_OF_RANGE',
    'Points are a whole number, not negative',
  );
  if (!key || problems.any) return problems.refuse();
  const [earned] = await ctx.db
    .select()
    .from(pointsEntries)
    .where(and(eq(pointsEntries.orderId, input.orderId), eq(pointsEntries.kind, 'EARN')));
  const revoke = earned && whole > 0n ? Number((BigInt(earned.points) * (part > whole ? whole : part)) / whole) : 0;
  const { validityDays } = await readPointsSettings(ctx.db);
  return ctx.db.transaction(async (tx) => {
    const now = new Date();
    const [done] = await tx
      .select({ id: pointsEntries.id })
      .from(pointsEntries)
      .where(and(eq(pointsEntries.orderId, key), eq(pointsEntries.kind, 'REVOKE')));
    const [short] = await tx.select().from(pointsShortfalls).where(eq(pointsShortfalls.key, key));
    const [returnedBefore] = await tx
      .select({ points: pointsEntries.points })
      .from(pointsEntries)
      .where(and(eq(pointsEntries.orderId, key), eq(pointsEntries.kind, 'REFUND')));
    let revoked = 0;
    let shortfall = short?.points ?? 0;
    if (revoke > 0 && !done && !short) {
      // Locks the member row: the balance read here is the one the debit applies to.
      const [member] = await tx.select({ balance: members.pointsBalance }).from(members).where(eq(members.id, input.memberId)).for('update');
      const balance = member?.balance ?? 0;
      revoked = Math.min(revoke, balance);
      shortfall = revoke - revoked;
      const reason = `after-sale ${key}: ${revoke} earned on ${input.orderId} taken back${shortfall ? `, ${shortfall} short` : ''}`;
      if (revoked > 0) await post(ctx, tx, { memberId: input.memberId, kind: 'REVOKE', points: -revoked, orderId: key, reason, now, validityDays });
      if (shortfall > 0) await tx.insert(pointsShortfalls).values({ key, memberId: input.memberId, orderId: input.orderId, points: shortfall });
    }
    let returned = returnedBefore?.points ?? 0;
    if (input.returnPoints > 0 && !returnedBefore) {
      await post(ctx, tx, {
        memberId: input.memberId,
        kind: 'REFUND',
        points: input.returnPoints,
        orderId: key,
        reason: `after-sale ${key}: points spent on refunded units`,
        now,
        validityDays,
      });
      returned = input.returnPoints;
    }
    return ok({ revoked, shortfall, returned });
  });
}
