import { eq, sql } from 'drizzle-orm';
import type { Db } from '@zhongtai/kit';
import { members, pointsEntries } from '../src/db/tables.ts';

/** What the members tests read back of a member's points: the balance column and the ledger beneath it. */
export function pointsLedger(db: () => Db) {
  const sumOf = async (memberId: string, column: typeof pointsEntries.points | typeof pointsEntries.remaining) =>
    Number(
      (
        await db()
          .select({ n: sql<string>`coalesce(sum(${column}), 0)` })
          .from(pointsEntries)
          .where(eq(pointsEntries.memberId, memberId))
      )[0]!.n,
    );
  return {
    balance: async (memberId: string) => (await db().select().from(members).where(eq(members.id, memberId)))[0]!.pointsBalance,
    /** The sum of every entry: equals the balance when nothing was lost. */
    ledgerSum: (memberId: string) => sumOf(memberId, pointsEntries.points),
    /** Points still unspent in the earned lots (what expiry can take). */
    lotsLeft: (memberId: string) => sumOf(memberId, pointsEntries.remaining),
  };
}
