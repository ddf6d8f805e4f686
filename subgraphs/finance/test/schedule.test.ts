import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { newId } from '@zhongtai/kit';
import { mustOk, openTestWorld, refusals, TEST_ADMIN, useTestWorld } from '@zhongtai/kit/testing';
import { financeCenter } from '../src/index.ts';
import { settlementStatements } from '../src/db/tables.ts';
import { setSettlementSchedule } from '../src/domain/schedules.ts';
import { generateDueStatements, type OpenAfterSales } from '../src/domain/statements.ts';
import { completed, deliver, paidOrder } from './fixtures.ts';

const world = useTestWorld(() => openTestWorld({ centers: [financeCenter] }));
const DAY = 86_400_000;
const noneOpen: OpenAfterSales = async () => new Set();
/** A Monday, 00:10 UTC: the daily job's run that ends a week. */
const MONDAY = Date.UTC(2026, 2, 2, 0, 10);

describe('the settlement schedule of a shop', () => {
  it('a WEEKLY shop is settled by the daily job on Mondays only, with a statement of the whole week; a DAILY shop every day', async () => {
    const admin = await world.as(TEST_ADMIN);
    const weekly = newId('shp');
    const daily = newId('shp');
    expect(mustOk(await setSettlementSchedule(admin, { shopId: weekly, period: 'WEEKLY' }))).toMatchObject({ shopId: weekly, period: 'WEEKLY' });
    expect(refusals(await setSettlementSchedule(admin, { shopId: 'nope', period: 'WEEKLY' }))).toEqual([{ field: ['input', 'shopId'], code: 'INVALID_ID' }]);
    // Orders completed ten days before the Monday: past T+7 for every run below.
    const at = new Date(MONDAY - 10 * DAY);
    for (const shopId of [weekly, daily]) {
      const order = paidOrder({ shopId, lines: [{ finalAmount: 10_000n }], paidAt: at });
      await deliver(world, order.payment);
      await deliver(world, order.paid);
      await deliver(world, completed(order, shopId, order.payable, at));
    }
    const runAt = async (ms: number) => generateDueStatements(await world.as(TEST_ADMIN).then((ctx) => ({ ...ctx, now: () => new Date(ms) })), noneOpen);
    const statementsOf = (shopId: string) =>
      world.host.database.forCenter('finance').select().from(settlementStatements).where(eq(settlementStatements.shopId, shopId));

    // Sunday's run (the day before): the daily shop is settled, the weekly one waits.
    await runAt(MONDAY - DAY);
    expect(await statementsOf(daily)).toMatchObject([{ period: 'DAILY' }]);
    expect(await statementsOf(weekly)).toEqual([]);
    // Monday's run: the weekly shop's statement covers the week just ended.
    await runAt(MONDAY);
    const [week] = await statementsOf(weekly);
    expect(week).toMatchObject({ period: 'WEEKLY', periodEnd: new Date(MONDAY - 10 * 60_000), periodStart: new Date(MONDAY - 10 * 60_000 - 7 * DAY) });
    expect(week!.amountDue).toBeGreaterThan(0n);
    // Switched to DAILY, it is settled every day (nothing new to settle: no statement).
    mustOk(await setSettlementSchedule(admin, { shopId: weekly, period: 'DAILY' }));
    await runAt(MONDAY + DAY);
    expect(await statementsOf(weekly)).toHaveLength(1);
  });
});
