import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoMemberId, paymentsService, toMinor, toMoney } from '@zhongtai/kit';
import { waitFor } from '@zhongtai/kit/testing';
import { signedPayoutCallback } from '@zhongtai/finance';
import { decide, deliveredOrder, fileRequest, paidOrder } from './support/aftersales.ts';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { rowsOf } from './support/placing.ts';
import { ADDRESS, buyableSkus, claimPlatformCoupon, orderStatus, payCheckout, PLACE_ORDER, type BuyableSku } from './support/shopping.ts';

/**
 * 财务 through the gateway: a shop's orders are paid, refunded in part, completed, refunded after
 * completion; finance posts each, settles the shop's week (an order with an open after-sale
 * request waits) and pays out through the sandbox payout provider; the books balance throughout.
 */
const cents = (amount: string) => toMinor({ amount, currencyCode: 'CNY' });
const previousDays = process.env.FINANCE_SETTLEMENT_DAYS;

describe('finance (财务中心)', () => {
  let t: TestGraph;
  let skus: BuyableSku[];

  beforeAll(async () => {
    // T+0: completed orders are settleable at once, so one run covers the statement (T+N has its own unit test).
    process.env.FINANCE_SETTLEMENT_DAYS = '0';
    t = await startTestGraph();
    skus = await buyableSkus(t, t.shopA, 2, 10);
  }, 180_000);
  afterAll(async () => {
    if (previousDays === undefined) delete process.env.FINANCE_SETTLEMENT_DAYS;
    else process.env.FINANCE_SETTLEMENT_DAYS = previousDays;
    await t?.stop();
  });

  const db = () => t.graph.host!.database.forCenter('finance');
  const must = async <T>(query: string, variables: Record<string, unknown>, token = t.tokens.admin): Promise<T> => {
    const res = await t.gql<T>(query, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    const payload = Object.values(res.data as Record<string, { userErrors?: unknown[] }>)[0];
    if (payload?.userErrors?.length) throw new Error(JSON.stringify(payload.userErrors));
    return res.data as T;
  };
  const payable = async (shopId = t.shopA, token = t.tokens.admin) =>
    cents(
      (
        await must<{ shopPayableBalance: { amount: string } }>(
          'query($s: ID!) { shopPayableBalance(shopId: $s, currencyCode: CNY) { amount } }',
          { s: shopId },
          token,
        )
      ).shopPayableBalance.amount,
    );
  const entriesOf = async (orderId: string) =>
    rowsOf<{ kind: string; event_id: string }>(db(), sql`select kind, event_id from finance.journal_entries where order_id = ${orderId} order by posted_at`);
  const refund = (orderId: string, orderLineId: string, amount: string, key: string) =>
    must(
      'mutation($i: RefundOrderInput!) { refundOrder(input: $i) { refundId userErrors { code message } } }',
      {
        i: { orderId, idempotencyKey: key, reason: 'partial refund', lines: [{ orderLineId, amount: { amount, currencyCode: 'CNY' } }] },
      },
      t.tokens.merchantA,
    );
  const complete = async (orderId: string) => {
    await deliveredOrder(t, orderId);
    await must('mutation($i: ConfirmReceiptInput!) { confirmReceipt(input: $i) { userErrors { code message } } }', { i: { orderId } }, t.tokens.customer);
    await waitFor(async () => (await orderStatus(t, orderId)) === 'COMPLETED', { what: `order ${orderId} completed` });
    await waitFor(async () => (await entriesOf(orderId)).some((e) => e.kind === 'COMPLETION'), { what: `finance recognised ${orderId}` });
  };
  const invariants = async () => {
    const unbalanced = await rowsOf(db(), sql`select entry_id from finance.postings group by entry_id, currency having sum(amount) <> 0 or count(*) < 2`);
    const totals = await rowsOf<{ currency: string; total: string }>(
      db(),
      sql`select currency, sum(amount)::text as total from finance.postings group by currency`,
    );
    const twice = await rowsOf(db(), sql`select source_key from finance.journal_entries group by source_key having count(*) > 1`);
    const trial = await must<{ trialBalance: { balanced: boolean } }>('{ trialBalance(currencyCode: CNY) { balanced } }', {});
    expect(unbalanced).toEqual([]);
    expect(totals.every((r) => r.total === '0')).toBe(true);
    expect(twice).toEqual([]);
    expect(trial.trialBalance.balanced).toBe(true);
  };
  const STATEMENT =
    'id openingBalance { amount } orders { amount } refunds { amount } commission { amount } adjustments { amount } amountDue { amount } freight { amount } shopDiscounts { amount } status payout { id status amount { amount } } lines(first: 100) { nodes { kind order { id } gross { amount } refund { amount } commission { amount } net { amount } freight { amount } shopDiscount { amount } } }';
  type Statement = {
    id: string;
    openingBalance: { amount: string };
    amountDue: { amount: string };
    freight: { amount: string };
    shopDiscounts: { amount: string };
    status: string;
    payout: { id: string; status: string; amount: { amount: string } } | null;
    lines: {
      nodes: {
        kind: string;
        order: { id: string } | null;
        gross: { amount: string };
        refund: { amount: string };
        commission: { amount: string };
        net: { amount: string };
        freight: { amount: string };
        shopDiscount: { amount: string };
      }[];
    };
  };
  const generate = async (periodEnd = new Date().toISOString()) =>
    (
      await must<{ generateSettlementStatement: { statement: Statement } }>(
        `mutation($i: GenerateSettlementStatementInput!) { generateSettlementStatement(input: $i) { statement { ${STATEMENT} } userErrors { code message } } }`,
        { i: { shopId: t.shopA, currencyCode: 'CNY', period: 'WEEKLY', periodEnd } },
      )
    ).generateSettlementStatement.statement;
  const confirm = async (id: string) =>
    (
      await must<{ confirmSettlementStatement: { statement: Statement } }>(
        `mutation($i: ConfirmSettlementStatementInput!) { confirmSettlementStatement(input: $i) { statement { ${STATEMENT} } userErrors { code message } } }`,
        { i: { id } },
      )
    ).confirmSettlementStatement.statement;
  const settlePayout = (payoutId: string, outcome: 'PAID' | 'FAILED') =>
    must<{ sandboxSettlePayout: { payout: { status: string } } }>(
      'mutation($i: SandboxSettlePayoutInput!) { sandboxSettlePayout(input: $i) { payout { status } userErrors { code message } } }',
      {
        i: { payoutId, outcome, reason: outcome === 'FAILED' ? 'bank account closed' : null },
      },
    );

  let firstStatement: Statement;

  it('the journey: order with a platform coupon and a shop promotion, payment, partial refund, completion, refund after completion; then a week settled without the order whose after-sale request is open', async () => {
    const start = await payable();
    const coupon = await claimPlatformCoupon(t);
    // The shop's own 10 % off its first SKU (the shop funds it), for the length of the test.
    await must(
      'mutation($input: CreatePromotionInput!) { createPromotion(input: $input) { promotion { id } userErrors { field code message } } }',
      {
        input: {
          name: `finance test 9折 ${Date.now()}`,
          kind: 'PERCENT_OFF',
          percentOff: 90,
          scope: 'SKUS',
          scopeIds: [skus[0]!.id],
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        },
      },
      t.tokens.merchantA,
    );
    const one = await paidOrder(t, `fin-one-${Date.now()}`, [{ skuId: skus[0]!.id, quantity: 2 }], { couponCode: coupon });
    const two = await paidOrder(t, `fin-two-${Date.now()}`, [{ skuId: skus[1]!.id, quantity: 1 }]);
    const lineOne = one.lines[0]!;
    await refund(one.id, lineOne.id, '1.00', `fin-before-${one.id}`);
    await complete(one.id);
    await complete(two.id);
    // Order two: the customer asks to return it; the request stays open.
    const filed = await fileRequest(t, {
      orderId: two.id,
      orderLineId: two.lines[0]!.id,
      type: 'RETURN_REFUND',
      quantity: 1,
      reasonCode: 'QUALITY',
      reasonText: 'scratched',
    });
    expect(filed.data!.fileAfterSaleRequest.userErrors).toEqual([]);
    const requestId = filed.data!.fileAfterSaleRequest.request!.id;
    // A refund after completion on order one comes out of the shop's payable.
    const beforeLateRefund = await payable();
    await refund(one.id, lineOne.id, '2.00', `fin-after-${one.id}`);
    // Each refund posts twice: owed to the customer (REFUNDS_PAYABLE), then paid by the provider.
    await waitFor(async () => (await entriesOf(one.id)).filter((e) => e.kind === 'REFUND').length === 4, { what: 'the refund after completion posted' });
    expect(await payable()).toBeLessThan(beforeLateRefund);
    expect((await entriesOf(one.id)).map((e) => e.kind)).toEqual(['REFUND', 'REFUND', 'COMPLETION', 'REFUND', 'REFUND']);

    const statement = await generate();
    firstStatement = statement;
    const orders = statement.lines.nodes.map((l) => l.order?.id);
    expect(orders).toContain(one.id);
    expect(orders).not.toContain(two.id);
    expect(statement.lines.nodes.map((l) => l.kind).sort()).toEqual(['ORDER', 'REFUND']);
    // Its lines add up to the amount due (nothing carried over yet).
    expect(statement.openingBalance.amount).toBe('0.00');
    const lineSum = statement.lines.nodes.reduce((s, l) => s + cents(l.net.amount), 0n);
    expect(cents(statement.amountDue.amount)).toBe(lineSum);
    // The order's revenue: what the customer paid less the 1.00 refunded (freight included) plus the platform's
    // coupon share on the goods kept; commission on the goods (not the freight).
    const { order: placed } = await must<{
      order: { freight: { amount: string }; lines: { discounts: { source: string; funder: string | null; amount: { amount: string } }[] }[] };
    }>('query($id: ID!) { order(id: $id) { freight { amount } lines { discounts { source funder amount { amount } } } } }', { id: one.id });
    const final = cents(lineOne.finalAmount.amount);
    const freight = cents(placed.freight.amount);
    const platformFunded = placed.lines[0]!.discounts.filter((d) => d.funder === 'PLATFORM');
    // The platform's coupon (满 10 减 5) is among them, and the member level's discount when the member has one.
    expect(platformFunded.find((d) => d.source === 'COUPON')?.amount.amount).toBe('5.00');
    const platformDiscount = platformFunded.reduce((s, d) => s + cents(d.amount.amount), 0n);
    const subsidy = (platformDiscount * (final - 100n)) / final;
    // The shop's promotion is the shop's: its share on the goods kept is charged to the shop's payable.
    const shopFunded = placed.lines[0]!.discounts.filter((d) => d.funder === 'SHOP').reduce((s, d) => s + cents(d.amount.amount), 0n);
    expect(shopFunded).toBeGreaterThan(0n);
    const shopShare = (shopFunded * (final - 100n)) / final;
    const orderLine = statement.lines.nodes.find((l) => l.kind === 'ORDER')!;
    expect(cents(orderLine.gross.amount)).toBe(final - 100n + freight + subsidy);
    expect(orderLine).toMatchObject({ freight: { amount: toMoney(freight, 'CNY').amount }, shopDiscount: { amount: toMoney(shopShare, 'CNY').amount } });
    // In the ledger: the payable is credited the goods before the shop's discount, and the freight, through their own accounts.
    const moved = async (code: string, kind: string, sign: 'debit' | 'credit') =>
      BigInt(
        (
          await rowsOf<{ n: string }>(
            db(),
            sql`select coalesce(sum(abs(p.amount)), 0)::text as n from finance.postings p join finance.journal_entries e on e.id = p.entry_id
                where e.order_id = ${one.id} and e.kind = ${kind} and p.code = ${code} and (p.amount > 0) = ${sign === 'debit'}`,
          )
        )[0]!.n,
      );
    expect(await moved('MERCHANT_PAYABLE', 'COMPLETION', 'credit')).toBe(final - 100n + subsidy + shopShare + freight);
    expect(await moved('COUPON_SUBSIDY_SHOP', 'COMPLETION', 'debit')).toBe(shopShare);
    expect(await moved('COUPON_SUBSIDY_SHOP', 'COMPLETION', 'credit')).toBe(shopShare);
    expect(await moved('FREIGHT', 'COMPLETION', 'credit')).toBe(freight);
    expect(await moved('MERCHANT_PAYABLE', 'COMPLETION', 'debit')).toBe(shopShare + cents(orderLine.commission.amount));
    // Both refunds (1.00 before completion, 2.00 after) were owed, then paid: REFUNDS_PAYABLE moved 3.00 each way.
    expect(await moved('REFUNDS_PAYABLE', 'REFUND', 'credit')).toBe(300n);
    expect(await moved('REFUNDS_PAYABLE', 'REFUND', 'debit')).toBe(300n);
    expect(await moved('PROVIDER_CLEARING', 'REFUND', 'credit')).toBe(300n);
    // The statement carries both as memo totals, from its lines, net of the refund after completion.
    const memo = (pick: (l: Statement['lines']['nodes'][number]) => string) =>
      statement.lines.nodes.reduce((sum, l) => sum + (l.kind === 'REFUND' ? -1n : 1n) * cents(pick(l)), 0n);
    expect(cents(statement.shopDiscounts.amount)).toBe(memo((l) => l.shopDiscount.amount));
    expect(cents(statement.shopDiscounts.amount)).toBeGreaterThan(0n);
    expect(cents(statement.freight.amount)).toBe(memo((l) => l.freight.amount));
    // At the line's rate: the demo seed's electronics rate (3 %) wins over the shop's (6 %) for a phone, the shop's applies otherwise.
    const [{ commission_bps: bps }] = (await rowsOf<{ commission_bps: number }>(
      db(),
      sql`select commission_bps from finance.shop_order_lines where order_line_id = ${lineOne.id}`,
    )) as [{ commission_bps: number }];
    expect([300, 600]).toContain(bps);
    expect(cents(orderLine.commission.amount)).toBe(((final - 100n + subsidy) * BigInt(bps)) / 10000n);
    // The payable still holds order two, which waits for its request.
    const twoNet = await rowsOf<{ net: string }>(db(), sql`select net::text from finance.settlement_items where order_id = ${two.id}`);
    expect(await payable()).toBe(start + lineSum + BigInt(twoNet[0]!.net));
    await invariants();

    // Confirmed: the amount due goes into transit.
    const confirmed = await confirm(statement.id);
    expect(confirmed.payout).toMatchObject({ status: 'PENDING', amount: statement.amountDue });
    expect(await payable()).toBe(start + BigInt(twoNet[0]!.net));

    // A payout callback with a bad signature changes nothing.
    const journalBefore = await rowsOf(db(), sql`select count(*)::int as n from finance.journal_entries`);
    const forged = signedPayoutCallback(
      { type: 'payout.paid', providerPayoutId: `sbxp_${confirmed.payout!.id}`, amount: String(cents(statement.amountDue.amount)), currency: 'CNY' },
      { secret: 'not-the-payout-sandbox-secret-at-all-0123456789' },
    );
    const hook = `${new URL(t.graph.url).origin}/hooks/finance/payouts/sandbox/callback`;
    const answer = await fetch(hook, { method: 'POST', headers: forged.headers, body: forged.rawBody });
    expect(answer.status).toBe(401);
    expect(await rowsOf(db(), sql`select count(*)::int as n from finance.journal_entries`)).toEqual(journalBefore);
    expect((await rowsOf<{ status: string }>(db(), sql`select status from finance.payouts where id = ${confirmed.payout!.id}`))[0]!.status).toBe('PENDING');

    // The bank refuses it: the money is the shop's payable again.
    expect((await settlePayout(confirmed.payout!.id, 'FAILED')).sandboxSettlePayout.payout.status).toBe('FAILED');
    expect(await payable()).toBe(start + lineSum + BigInt(twoNet[0]!.net));
    await invariants();

    // The customer withdraws the request: order two is settled next time, with the failed payout carried over.
    expect((await decide(t, 'cancel', { id: requestId, reason: 'changed my mind' }, t.tokens.customer)).data!.result.request!.status).toBe('CANCELLED');
    const next = await generate();
    expect(next.openingBalance.amount).toBe(statement.amountDue.amount);
    expect(next.lines.nodes.map((l) => [l.kind, l.order?.id])).toEqual([['ORDER', two.id]]);
    expect(cents(next.amountDue.amount)).toBe(lineSum + BigInt(twoNet[0]!.net));
    const paid = await confirm(next.id);
    expect((await settlePayout(paid.payout!.id, 'PAID')).sandboxSettlePayout.payout.status).toBe('PAID');
    expect(await payable()).toBe(start);
    await invariants();
  }, 240_000);

  it("freight: a Regular member's order pays the shop's freight (the shop ships), which passes through FREIGHT to the shop's payable at completion", async () => {
    // Shop A charges freight whatever the order's size, and a Regular member (demo member 2) has no free shipping.
    const { freightTemplates } = await must<{ freightTemplates: { nodes: { id: string; isDefault: boolean }[] } }>(
      'query($s: ID!) { freightTemplates(first: 10, filter: { shopId: $s }) { nodes { id isDefault } } }',
      { s: t.shopA },
      t.tokens.merchantA,
    );
    const template = freightTemplates.nodes.find((n) => n.isDefault)!;
    await must(
      'mutation($i: UpdateFreightTemplateInput!) { updateFreightTemplate(input: $i) { freightTemplate { id } userErrors { field code message } } }',
      { i: { id: template.id, freeOverAmount: { amount: '100000.00', currencyCode: 'CNY' }, freeOverQuantity: 1000 } },
      t.tokens.merchantA,
    );
    const regular = await t.graph.tokens.sign({ role: 'CUSTOMER', memberId: demoMemberId(2), subject: 'customer:regular' });
    const before = await payable();
    const placed = await t.gql<{
      placeOrder: { checkout: { paymentId: string }; orders: { id: string; freight: { amount: string } }[]; userErrors: unknown[] };
    }>(PLACE_ORDER, { input: { idempotencyKey: `fin-freight-${Date.now()}`, lines: [{ skuId: skus[0]!.id, quantity: 1 }], address: ADDRESS } }, regular);
    expect(placed.errors).toBeUndefined();
    expect(placed.data!.placeOrder.userErrors).toEqual([]);
    const order = placed.data!.placeOrder.orders[0]!;
    const freight = cents(order.freight.amount);
    await payCheckout(t, placed.data!.placeOrder.checkout.paymentId, [order.id], regular);
    await deliveredOrder(t, order.id);
    await must('mutation($i: ConfirmReceiptInput!) { confirmReceipt(input: $i) { userErrors { code message } } }', { i: { orderId: order.id } }, regular);
    await waitFor(async () => (await orderStatus(t, order.id)) === 'COMPLETED', { what: 'the freight order completed' });
    await waitFor(async () => (await entriesOf(order.id)).some((e) => e.kind === 'COMPLETION'), { what: 'finance recognised the freight order' });

    const legs = await rowsOf<{ code: string; amount: string }>(
      db(),
      sql`select p.code, p.amount::text from finance.postings p join finance.journal_entries e on e.id = p.entry_id where e.order_id = ${order.id} and e.kind = 'COMPLETION' and p.code in ('FREIGHT', 'MERCHANT_PAYABLE')`,
    );
    expect(
      legs
        .filter((l) => l.code === 'FREIGHT')
        .map((l) => BigInt(l.amount))
        .sort(),
    ).toEqual([-freight, freight]);
    expect(legs.some((l) => l.code === 'MERCHANT_PAYABLE' && BigInt(l.amount) === -freight)).toBe(true);
    // Its settlement line shows the freight inside its gross, free of commission; the payable grew by the line's net.
    const [item] = await rowsOf<{ gross: string; freight: string; commission: string; net: string }>(
      db(),
      sql`select gross::text, freight::text, commission::text, net::text from finance.settlement_items where order_id = ${order.id}`,
    );
    expect(BigInt(item!.freight)).toBe(freight);
    const goods = BigInt(item!.gross) - freight;
    const [{ commission_bps: bps }] = (await rowsOf<{ commission_bps: number }>(
      db(),
      sql`select commission_bps from finance.shop_order_lines where order_id = ${order.id}`,
    )) as [{ commission_bps: number }];
    expect(BigInt(item!.commission)).toBe((goods * BigInt(bps)) / 10000n);
    expect(await payable()).toBe(before + BigInt(item!.net));
    // Settled: the statement's freight memo is the order's freight, inside its orders and its amount due.
    const statement = await generate();
    expect(statement.lines.nodes.map((l) => [l.kind, l.order?.id])).toEqual([['ORDER', order.id]]);
    expect(cents(statement.freight.amount)).toBe(freight);
    expect(cents(statement.amountDue.amount)).toBe(cents(statement.openingBalance.amount) + BigInt(item!.net));
    await invariants();
  }, 240_000);

  it('a merchant reads its own statements, payouts and payable, never another shop’s', async () => {
    const own = await t.gql<{ settlementStatements: { nodes: { id: string }[] } }>(
      '{ settlementStatements(first: 10) { nodes { id } } }',
      {},
      t.tokens.merchantA,
    );
    expect(own.data!.settlementStatements.nodes.map((s) => s.id)).toContain(firstStatement.id);
    const theirs = await t.gql('{ settlementStatements(first: 10) { nodes { id } } }', {}, t.tokens.merchantB);
    expect(theirs.data).toMatchObject({ settlementStatements: { nodes: [] } });
    const byId = await t.gql('query($id: ID!) { settlementStatement(id: $id) { id } }', { id: firstStatement.id }, t.tokens.merchantB);
    expect(byId.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const asked = await t.gql(
      'query($s: ID!) { settlementStatements(first: 10, filter: { shopId: $s }) { nodes { id } } }',
      { s: t.shopA },
      t.tokens.merchantB,
    );
    expect(asked.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const balance = await t.gql('query($s: ID!) { shopPayableBalance(shopId: $s, currencyCode: CNY) { amount } }', { s: t.shopA }, t.tokens.merchantB);
    expect(balance.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const payouts = await t.gql<{ payouts: { nodes: unknown[] } }>('{ payouts(first: 10) { nodes { id } } }', {}, t.tokens.merchantB);
    expect(payouts.data!.payouts.nodes).toEqual([]);
    expect(await payable(t.shopA, t.tokens.merchantA)).toBe(await payable());
    // Its payable account and that account's postings (a connection), without the platform's journal behind them.
    const accounts = await t.gql<{
      ledgerAccounts: {
        nodes: {
          code: string;
          shop: { id: string };
          balance: { amount: string };
          postings: { totalCount: number; nodes: { amount: { amount: string }; entry: unknown }[] };
        }[];
      };
    }>(
      '{ ledgerAccounts(first: 10) { nodes { code shop { id } balance { amount } postings(first: 100) { totalCount nodes { amount { amount } entry { id } } } } } }',
      {},
      t.tokens.merchantA,
    );
    // Its own accounts only: the payable, and the freight and shop-funded discounts that pass through to it (each at zero).
    const shopAccounts = accounts.data!.ledgerAccounts.nodes;
    expect(shopAccounts.map((a) => [a.code, a.shop.id]).sort()).toEqual([
      ['COUPON_SUBSIDY_SHOP', t.shopA],
      ['FREIGHT', t.shopA],
      ['MERCHANT_PAYABLE', t.shopA],
    ]);
    expect(shopAccounts.filter((a) => a.code !== 'MERCHANT_PAYABLE').map((a) => a.balance.amount)).toEqual(['0.00', '0.00']);
    const account = shopAccounts.find((a) => a.code === 'MERCHANT_PAYABLE');
    expect(account!.postings.totalCount).toBeGreaterThan(4);
    expect(account!.postings.nodes.every((p) => p.entry === null)).toBe(true);
    expect(-account!.postings.nodes.reduce((s, p) => s + cents(p.amount.amount), 0n)).toBe(await payable());
    expect(cents(account!.balance.amount)).toBe(-(await payable()));
    const platformAccounts = await t.gql('{ ledgerAccounts(first: 10, filter: { code: COMMISSION_REVENUE }) { nodes { id } } }', {}, t.tokens.merchantA);
    expect(platformAccounts.data).toMatchObject({ ledgerAccounts: { nodes: [] } });
    const trial = await t.gql('{ trialBalance(currencyCode: CNY) { balanced } }', {}, t.tokens.merchantA);
    expect(trial.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const analyst = await t.gql<{ trialBalance: { balanced: boolean } }>('{ trialBalance(currencyCode: CNY) { balanced } }', {}, t.tokens.analyst);
    expect(analyst.data!.trialBalance.balanced).toBe(true);
  });

  it('reconciliation: a provider file with one capture missing, one extra refund and one amount off by 0.01 reports exactly those three', async () => {
    const date = new Date().toISOString().slice(0, 10);
    const client = t.graph.host!.serviceClient('finance');
    const file = (await client.call(paymentsService.sandboxProviderStatement, { date })).sandboxProviderStatement;
    const run = (csv: string) =>
      must<{
        importProviderStatement: {
          run: {
            id: string;
            matched: number;
            missingInOurs: number;
            missingInProvider: number;
            amountMismatch: number;
            items: { nodes: { id: string; outcome: string; reference: string }[] };
          };
        };
      }>(
        'mutation($i: ImportProviderStatementInput!) { importProviderStatement(input: $i) { run { id matched missingInOurs missingInProvider amountMismatch items(first: 100) { nodes { id outcome reference } } } userErrors { code message } } }',
        { i: { date, csv } },
      );
    // The file as the provider wrote it matches our books line by line.
    const clean = (await run(file)).importProviderStatement.run;
    expect(clean).toMatchObject({ missingInOurs: 0, missingInProvider: 0, amountMismatch: 0 });
    const [header, ...lines] = file.trim().split('\n');
    const captures = lines.filter((l) => l.startsWith('CAPTURE'));
    expect(captures.length).toBeGreaterThanOrEqual(2);
    expect(clean.matched).toBe(lines.length);
    const [dropped, changed] = captures;
    const cols = changed!.split(',');
    cols[3] = toMoney(cents(cols[3]!) + 1n, 'CNY').amount;
    const doctored = [
      header,
      ...lines.filter((l) => l !== dropped && l !== changed),
      cols.join(','),
      `REFUND,sbxr_rfd_x,rfd_01HK153X0000000000000ZZZZZ,3.00,CNY,${new Date().toISOString()}`,
    ].join('\n');
    const report = (await run(doctored)).importProviderStatement.run;
    expect(report.items.nodes.map((i) => [i.outcome, i.reference]).sort()).toEqual(
      [
        ['AMOUNT_MISMATCH', changed!.split(',')[2]],
        ['MISSING_IN_OURS', 'rfd_01HK153X0000000000000ZZZZZ'],
        ['MISSING_IN_PROVIDER', dropped!.split(',')[2]],
      ].sort(),
    );
    expect(report.matched).toBe(lines.length - 2);
    // Resolving each with a reason posts an adjusting entry on the provider clearing; the books still balance.
    for (const item of report.items.nodes) {
      const resolved = await must<{ resolveReconciliationDifference: { item: { resolution: string; adjustingEntry: { kind: string; reason: string } } } }>(
        'mutation($i: ResolveReconciliationDifferenceInput!) { resolveReconciliationDifference(input: $i) { item { resolution adjustingEntry { kind reason } } userErrors { code message } } }',
        { i: { id: item.id, reason: `checked with the provider: ${item.outcome}` } },
      );
      expect(resolved.resolveReconciliationDifference.item.adjustingEntry).toEqual({
        kind: 'ADJUSTMENT',
        reason: `checked with the provider: ${item.outcome}`,
      });
    }
    // The runs and their open differences, as operators and analysts list them.
    const runs = await t.gql<{ reconciliationRuns: { nodes: { id: string; items: { nodes: { outcome: string; resolution: string | null }[] } }[] } }>(
      '{ reconciliationRuns(first: 5) { nodes { id items(first: 10) { nodes { outcome resolution } } } } }',
      {},
      t.tokens.analyst,
    );
    expect(runs.data!.reconciliationRuns.nodes.map((r) => r.id)).toEqual([report.id, clean.id]);
    expect(runs.data!.reconciliationRuns.nodes[0]!.items.nodes.every((i) => i.resolution !== null)).toBe(true);
    expect((await t.gql('{ reconciliationRuns(first: 5) { nodes { id } } }', {}, t.tokens.merchantA)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await invariants();
  });
});
