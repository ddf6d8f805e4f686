import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { newId, type Db, type RequestContext } from '@zhongtai/kit';
import { members, pointsEntries, type PointsEntryRow, type PointsKind } from '../db/tables.ts';
import { POINTS_ENTRY_ID_PREFIX } from './ids.ts';
import { readPointsSettings } from './settings.ts';

const DAY_MS = 86_400_000;

export interface Posting {
  memberId: string;
  kind: PointsKind;
  /** Signed: credits positive, debits negative. */
  points: number;
  orderId?: string | null;
  reason?: string | null;
  now: Date;
  /** Credits expire this many days after `now`. */
  validityDays: number;
}

/**
 * Posts one ledger entry inside the caller's transaction. The balance moves with a conditional
 * update (`balance + points >= 0`), which also locks the member row: concurrent postings of one
 * member queue behind each other, and a debit that would overdraw changes nothing and returns
 * null. Debits consume credit lots oldest-expiring first, so expiry takes only what is unspent.
 * Each entry publishes `PointsChanged` in the same transaction (finance's points liability).
 */
export async function post(ctx: RequestContext, tx: Db, p: Posting): Promise<{ balance: number; entry: PointsEntryRow } | null> {
  const [member] = await tx
    .update(members)
    .set({ pointsBalance: sql`${members.pointsBalance} + ${p.points}`, updatedAt: p.now })
    .where(and(eq(members.id, p.memberId), sql`${members.pointsBalance} + ${p.points} >= 0`))
    .returning({ balance: members.pointsBalance });
  if (!member) return null;
  if (p.points < 0) await consumeLots(tx, p.memberId, -p.points);
  const credit = p.points > 0;
  const [entry] = await tx
    .insert(pointsEntries)
    .values({
      id: newId(POINTS_ENTRY_ID_PREFIX),
      memberId: p.memberId,
      kind: p.kind,
      points: p.points,
      remaining: credit ? p.points : null,
      expiresAt: credit ? new Date(p.now.getTime() + p.validityDays * DAY_MS) : null,
      orderId: p.orderId ?? null,
      reason: p.reason ?? null,
      createdAt: p.now,
    })
    .returning();
  if (!entry) throw new Error(`points entry of ${p.memberId} not written`);
  const { pointsPerCurrencyUnit } = await readPointsSettings(tx);
  await ctx.events.publish(tx, 'PointsChanged', {
    entryId: entry.id,
    memberId: p.memberId,
    kind: p.kind,
    points: p.points,
    pointsPerCurrencyUnit,
    orderId: p.orderId ?? null,
    at: p.now.toISOString(),
  });
  return { balance: member.balance, entry };
}

async function consumeLots(tx: Db, memberId: string, points: number): Promise<void> {
  const lots = await tx
    .select({ id: pointsEntries.id, remaining: pointsEntries.remaining })
    .from(pointsEntries)
    .where(and(eq(pointsEntries.memberId, memberId), gt(pointsEntries.remaining, 0)))
    .orderBy(asc(pointsEntries.expiresAt), asc(pointsEntries.seq))
    .for('update');
  let left = points;
  for (const lot of lots) {
    if (left === 0) break;
    const take = Math.min(left, lot.remaining!);
    await tx
      .update(pointsEntries)
      .set({ remaining: sql`${pointsEntries.remaining} - ${take}` })
      .where(eq(pointsEntries.id, lot.id));
    left -= take;
  }
  // The balance is the sum of the unspent lots; a gap means the ledger is broken: refuse loudly.
  if (left > 0) throw new Error(`points ledger of ${memberId}: lots do not cover a debit of ${points}`);
}
