import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { newId, type Result } from '@zhongtai/kit';
import { mustOk, openTestWorld, TEST_ADMIN, TEST_SERVICE, useTestWorld } from '@zhongtai/kit/testing';
import { journalEntries, payouts, settlementItems, settlementStatements, type SettlementStatementRow } from '../src/db/tables.ts';
import { shopPayable } from '../src/domain/ledger.ts';
import { confirmStatement, receivePayoutCallback } from '../src/domain/payouts.ts';
import { generateDueStatements, generateStatement, startOfUtcDay, type OpenAfterSales } from '../src/domain/statements.ts';
import { financeCenter } from '../src/index.ts';
import { signedPayoutCallback } from '../src/providers/payoutSandbox.ts';
import { completed, deliver, paidOrder } from './fixtures.ts';

const DAY = 86_400_000;
/** The after-sales center is not hosted here: no request is open on these orders. */
const noneOpen: OpenAfterSales = async () => new Set();

// Races need real row locks and parallel connections: PGlite has one, so this runs on PostgreSQL.
describe.runIf(process.env.DATABASE_URL)('settlement and payouts under concurrency (PostgreSQL)', () => {
  const world = useTestWorld(() => openTestWorld({ centers: [financeCenter] }));
  const db = () => world.host.database.forCenter('finance');

  /** `n` orders of a new shop, paid and completed ten days ago (past T+7). */
  async function completedOrders(n: number): Promise<{ shopId: string; orderIds: string[] }> {
    const shopId = newId('shp');
    const orderIds: string[] = [];
    const at = new Date(Date.now() - 10 * DAY);
    for (let i = 0; i < n; i++) {
      const order = paidOrder({ shopId, lines: [{ finalAmount: 10_000n + BigInt(i) * 100n }], freight: 500n, paidAt: at });
      await deliver(world, order.payment);
      await deliver(world, order.paid);
      await deliver(world, completed(order, shopId, order.payable, at));
      orderIds.push(order.orderId);
    }
    return { shopId, orderIds };
  }

  it('concurrent generation for one shop (operators and the daily job at once) makes one statement per period, each order on one statement, together the payable', async () => {
    const { shopId, orderIds } = await completedOrders(6);
    const periodEnd = startOfUtcDay(new Date());
    const earlier = new Date(periodEnd.getTime() - 3_600_000);
    const generate = async (end: Date): Promise<Result<SettlementStatementRow | null>> =>
      generateStatement(await world.as(TEST_ADMIN), { shopId, currencyCode: 'CNY', period: 'DAILY', periodEnd: end }, noneOpen);
    const job = async () => generateDueStatements(await world.as(TEST_SERVICE), noneOpen);
    const settled = await Promise.allSettled([
      ...Array.from({ length: 6 }, () => generate(periodEnd)),
      ...Array.from({ length: 3 }, () => generate(earlier)),
      job(),
      job(),
    ]);
    // Nothing failed: a loser is refused as DUPLICATE (or the job skips the shop), never an error.
    expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
    const statements = await db().select().from(settlementStatements).where(eq(settlementStatements.shopId, shopId)).orderBy(settlementStatements.periodEnd);
    expect(statements.filter((s) => s.periodEnd.getTime() === periodEnd.getTime())).toHaveLength(1);
    expect(statements.length).toBeLessThanOrEqual(2);
    // Each order's revenue is on exactly one statement, and every statement opens with what the ones before it left.
    const items = await db().select().from(settlementItems).where(inArray(settlementItems.orderId, orderIds));
    expect(items).toHaveLength(orderIds.length);
    expect(items.every((i) => i.statementId !== null && statements.some((s) => s.id === i.statementId))).toBe(true);
    // None is confirmed yet, so none carries another (each is paid on its own confirmation): together they are the payable.
    let total = 0n;
    for (const s of statements) {
      expect(s.openingBalance).toBe(0n);
      expect(s.amountDue).toBe(items.filter((i) => i.statementId === s.id).reduce((sum, i) => sum + i.net, 0n));
      total += s.amountDue;
    }
    expect(total).toBe(await shopPayable(await world.as(TEST_ADMIN), shopId, 'CNY'));
    // Run again (a retry of the job): nothing new.
    expect(await job()).toEqual([]);
    expect(await db().select().from(settlementStatements).where(eq(settlementStatements.shopId, shopId))).toHaveLength(statements.length);
  });

  it('concurrent confirmations send one payout; concurrent and repeated callbacks (paid and failed at once) settle it once and post once', async () => {
    const { shopId } = await completedOrders(2);
    const statement = mustOk(
      await generateStatement(await world.as(TEST_ADMIN), { shopId, currencyCode: 'CNY', period: 'WEEKLY', periodEnd: new Date() }, noneOpen),
    )!;
    expect(statement.amountDue).toBeGreaterThan(0n);
    const confirmations = await Promise.all(Array.from({ length: 5 }, async () => confirmStatement(await world.as(TEST_ADMIN), { id: statement.id })));
    expect(confirmations.filter((r) => r.ok)).toHaveLength(1);
    expect(confirmations.filter((r) => !r.ok).flatMap((r) => (r.ok ? [] : r.errors.map((e) => e.code)))).toEqual(Array(4).fill('INVALID_TRANSITION'));
    const sent = await db().select().from(payouts).where(eq(payouts.statementId, statement.id));
    expect(sent).toHaveLength(1);
    const payout = sent[0]!;

    const callback = (type: 'payout.paid' | 'payout.failed') =>
      signedPayoutCallback({ type, providerPayoutId: payout.providerPayoutId, amount: payout.amount.toString(), currency: payout.currency });
    const paid = callback('payout.paid');
    // The provider's retries (the same callback again), and a contradicting one, all at once.
    const bodies = [...Array.from({ length: 8 }, () => paid), ...Array.from({ length: 4 }, () => callback('payout.failed'))];
    const answers = await Promise.all(bodies.map(async (c) => receivePayoutCallback(await world.as(TEST_SERVICE), c)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const results = answers.map((a) => (a.body as { result: string }).result);
    expect(results.filter((r) => r === 'APPLIED')).toHaveLength(1);
    expect(results.filter((r) => r === 'ALREADY_SETTLED')).toHaveLength(bodies.length - 1);
    const [after] = await db().select().from(payouts).where(eq(payouts.id, payout.id));
    expect(['PAID', 'FAILED']).toContain(after!.status);
    const steps = await db()
      .select({ kind: journalEntries.kind })
      .from(journalEntries)
      .where(sql`${journalEntries.sourceKey} like ${`payout:${payout.id}:%`}`);
    expect(steps.map((s) => s.kind).sort()).toEqual(['PAYOUT', after!.status === 'PAID' ? 'PAYOUT_PAID' : 'PAYOUT_FAILED'].sort());
    // The shop's payable: nothing when the payout went through, the amount due back when it failed.
    expect(await shopPayable(await world.as(TEST_ADMIN), shopId, 'CNY')).toBe(after!.status === 'PAID' ? 0n : statement.amountDue);
    // A late replay changes nothing.
    expect((await receivePayoutCallback(await world.as(TEST_SERVICE), paid)).body).toMatchObject({ result: 'ALREADY_SETTLED' });
  });
});
