import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { demoShopId } from '@zhongtai/kit';
import { openTestWorld, TEST_ADMIN, useTestWorld } from '@zhongtai/kit/testing';
import { financeCenter } from '../src/index.ts';
import { commissionRates, payouts, settlementStatements } from '../src/db/tables.ts';
import { shopPayable } from '../src/domain/ledger.ts';
import { allStatementLines } from '../src/domain/statements.ts';
import { ledgerInvariants } from './fixtures.ts';

const world = useTestWorld(() => openTestWorld({ centers: [financeCenter] }));

describe('the demo seed', () => {
  it('has commission rates and a confirmed, paid-out weekly statement whose lines add up; the books balance; a second run adds nothing', async () => {
    expect(await world.host.seed([financeCenter], { onlyWhenEmpty: true })).toEqual(['finance']);
    const db = world.host.database.forCenter('finance');
    expect((await db.select().from(commissionRates)).map((r) => r.rateBps).sort()).toEqual([300, 600, 800]);
    const [statement] = await db
      .select()
      .from(settlementStatements)
      .where(eq(settlementStatements.shopId, demoShopId(1)));
    expect(statement).toMatchObject({ status: 'CONFIRMED', period: 'WEEKLY', openingBalance: 0n });
    const lines = await allStatementLines(await world.as(TEST_ADMIN), statement!.id);
    expect(lines.map((l) => l.kind)).toEqual(['ORDER']);
    expect(statement!.amountDue).toBe(lines.reduce((s, l) => s + l.net, 0n));
    // 3 % electronics commission on the goods and the platform's coupon share.
    expect(lines[0]!.commission).toBe(((589_900n + 2_000n) * 300n) / 10_000n);
    expect(await db.select().from(payouts)).toMatchObject([{ statementId: statement!.id, status: 'PAID', amount: statement!.amountDue }]);
    expect(await shopPayable(await world.as(TEST_ADMIN), demoShopId(1), 'CNY')).toBe(0n);
    const { unbalanced, perCurrency } = await ledgerInvariants(world);
    expect(unbalanced).toEqual([]);
    expect(perCurrency.every((r) => r.total === '0')).toBe(true);
    expect(await world.host.seed([financeCenter], { onlyWhenEmpty: true })).toEqual([]);
  });
});
