import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMinor } from '@zhongtai/kit';
import { waitFor } from '@zhongtai/kit/testing';
import { DAILY_STATEMENTS_JOB } from '@zhongtai/finance';
import { decide, deliveredOrder, fileRequest, paidOrder } from './support/aftersales.ts';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { rowsOf } from './support/placing.ts';
import { buyableSkus, orderStatus, type BuyableSku } from './support/shopping.ts';

/**
 * T+7 through the gateway, with the clock moved: the daily statement job runs as if it were
 * days later (the kit's request clock), so an order completed today is not on the statement of
 * day 6, is on the one of day 7, and one with an open after-sale request waits until it closes.
 */
const DAY = 86_400_000;
const startOfUtcDay = (at: Date) => Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
const previousDays = process.env.FINANCE_SETTLEMENT_DAYS;

describe('finance: T+7 settlement by the daily job (clock moved)', () => {
  let t: TestGraph;
  let skus: BuyableSku[];

  beforeAll(async () => {
    delete process.env.FINANCE_SETTLEMENT_DAYS; // the default, 7
    t = await startTestGraph();
    skus = await buyableSkus(t, t.shopA, 2, 10);
  }, 180_000);
  afterAll(async () => {
    if (previousDays !== undefined) process.env.FINANCE_SETTLEMENT_DAYS = previousDays;
    await t?.stop();
  });

  const db = () => t.graph.host!.database.forCenter('finance');
  /** The daily job as the queue runs it, with the clock reading `at`. */
  const runDailyAt = async (at: number) => {
    const host = t.graph.host!;
    const ctx = await host.contextFor('finance', { role: 'SERVICE', subject: 'test:settlement-days' }, () => new Date(at));
    await host.center('finance').definition.jobs![DAILY_STATEMENTS_JOB]!.handler(ctx, {});
  };
  const completedAt = async (orderId: string) => {
    await waitFor(async () => (await rowsOf(db(), sql`select 1 from finance.shop_orders where order_id = ${orderId} and stage = 'COMPLETED'`)).length === 1, {
      what: `finance recognised ${orderId}`,
    });
    const [row] = await rowsOf<{ completed_at: string | Date }>(db(), sql`select completed_at from finance.shop_orders where order_id = ${orderId}`);
    return new Date(row!.completed_at);
  };
  /** The shop's statement for the period ending `periodEnd` (through the gateway), or null. */
  const statementEnding = async (periodEnd: number) => {
    const res = await t.gql<{
      settlementStatements: {
        nodes: {
          id: string;
          period: string;
          periodEnd: string;
          amountDue: { amount: string };
          openingBalance: { amount: string };
          lines: { nodes: { kind: string; order: { id: string } | null; net: { amount: string } }[] };
        }[];
      };
    }>(
      'query($s: ID!) { settlementStatements(first: 20, filter: { shopId: $s }) { nodes { id period periodEnd amountDue { amount } openingBalance { amount } lines(first: 20) { nodes { kind order { id } net { amount } } } } } }',
      { s: t.shopA },
      t.tokens.merchantA,
    );
    expect(res.errors).toBeUndefined();
    const found = res.data!.settlementStatements.nodes.filter((s) => new Date(s.periodEnd).getTime() === periodEnd);
    expect(found.length).toBeLessThanOrEqual(1);
    return found[0] ?? null;
  };
  const statementOf = async (orderId: string) =>
    (
      await rowsOf<{ statement_id: string | null }>(db(), sql`select statement_id from finance.settlement_items where order_id = ${orderId} and kind = 'ORDER'`)
    )[0]?.statement_id ?? null;
  const complete = async (orderId: string) => {
    await deliveredOrder(t, orderId);
    const res = await t.gql(
      'mutation($i: ConfirmReceiptInput!) { confirmReceipt(input: $i) { userErrors { code message } } }',
      { i: { orderId } },
      t.tokens.customer,
    );
    expect(res.errors).toBeUndefined();
    await waitFor(async () => (await orderStatus(t, orderId)) === 'COMPLETED', { what: `order ${orderId} completed` });
    return completedAt(orderId);
  };

  it('an order completed on day 0 is not on the statement of day 6, is on the one of day 7; an open after-sale request holds its order until it closes; a second run makes nothing more', async () => {
    const one = await paidOrder(t, `t7-one-${Date.now()}`, [{ skuId: skus[0]!.id, quantity: 1 }]);
    const two = await paidOrder(t, `t7-two-${Date.now()}`, [{ skuId: skus[1]!.id, quantity: 1 }]);
    const oneAt = await complete(one.id);
    const twoAt = await complete(two.id);
    const filed = await fileRequest(t, {
      orderId: two.id,
      orderLineId: two.lines[0]!.id,
      type: 'RETURN_REFUND',
      quantity: 1,
      reasonCode: 'QUALITY',
      reasonText: 'scratched',
    });
    expect(filed.data!.fileAfterSaleRequest.userErrors).toEqual([]);

    const day0 = startOfUtcDay(oneAt);
    // Day 6's statement (made just after midnight starting day 7): the order is not due yet.
    await runDailyAt(day0 + 7 * DAY + 10 * 60_000);
    expect(await statementOf(one.id)).toBeNull();
    const day6 = await statementEnding(day0 + 7 * DAY);
    expect(day6?.lines.nodes.map((l) => l.order?.id) ?? []).not.toContain(one.id);

    // Day 7's statement: order one is on it, order two (its request open) is not.
    await runDailyAt(day0 + 8 * DAY + 10 * 60_000);
    const day7 = await statementEnding(day0 + 8 * DAY);
    expect(day7).not.toBeNull();
    expect(day7!.period).toBe('DAILY');
    const orders = day7!.lines.nodes.map((l) => l.order?.id);
    expect(orders).toContain(one.id);
    expect(orders).not.toContain(two.id);
    expect(await statementOf(two.id)).toBeNull();
    const cents = (amount: string) => toMinor({ amount, currencyCode: 'CNY' });
    expect(cents(day7!.amountDue.amount)).toBe(cents(day7!.openingBalance.amount) + day7!.lines.nodes.reduce((s, l) => s + cents(l.net.amount), 0n));

    // The job run again for the same day (a retry, a second instance) makes no second statement.
    const count = async () =>
      (await rowsOf<{ n: number }>(db(), sql`select count(*)::int as n from finance.settlement_statements where shop_id = ${t.shopA}`))[0]!.n;
    const before = await count();
    await runDailyAt(day0 + 8 * DAY + 20 * 60_000);
    expect(await count()).toBe(before);
    expect((await statementEnding(day0 + 8 * DAY))!.id).toBe(day7!.id);

    // The customer withdraws the request: order two is on the next day's statement (T+7 has passed for it too).
    expect(
      (await decide(t, 'cancel', { id: filed.data!.fileAfterSaleRequest.request!.id, reason: 'changed my mind' }, t.tokens.customer)).data!.result.request!
        .status,
    ).toBe('CANCELLED');
    const day8End = Math.max(day0 + 9 * DAY, startOfUtcDay(twoAt) + 8 * DAY);
    await runDailyAt(day8End + 10 * 60_000);
    const day8 = await statementEnding(day8End);
    expect(day8!.lines.nodes.map((l) => l.order?.id)).toEqual([two.id]);
    expect(await statementOf(one.id)).toBe(day7!.id);
  }, 240_000);
});
