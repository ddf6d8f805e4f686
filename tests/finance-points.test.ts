import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@zhongtai/kit/testing';
import { decide, deliveredOrder, fileRequest, paidOrder, settled } from './support/aftersales.ts';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { rowsOf } from './support/placing.ts';
import { buyableSkus, orderStatus, type BuyableSku } from './support/shopping.ts';

/**
 * 积分 through the graph: members publishes every points entry, finance keeps the points liability
 * from them. After points are spent at checkout, earned on completion and taken back (and given
 * back) by an after-sale refund, the liability moved exactly as the members' outstanding points
 * did (one point is worth one fen at the demo rate). The demo seed's points are published by
 * members' seed like any other entry, so the liability is their value from the start.
 */
describe('finance: the points liability follows the members’ points', () => {
  let t: TestGraph;
  let skus: BuyableSku[];

  beforeAll(async () => {
    t = await startTestGraph();
    skus = await buyableSkus(t, t.shopA, 1, 10);
  }, 180_000);
  afterAll(async () => {
    await t?.stop();
  });

  const outstanding = async () =>
    BigInt(
      (
        await rowsOf<{ n: string }>(t.graph.host!.database.forCenter('members'), sql`select coalesce(sum(points_balance), 0)::text as n from members.members`)
      )[0]!.n,
    );
  const liability = async () =>
    BigInt(
      (
        await rowsOf<{ n: string }>(
          t.graph.host!.database.forCenter('finance'),
          sql`select coalesce(sum(amount), 0)::text as n from finance.postings where code = 'POINTS_LIABILITY'`,
        )
      )[0]!.n,
    );
  const entries = async () =>
    (await rowsOf<{ n: number }>(t.graph.host!.database.forCenter('members'), sql`select count(*)::int as n from members.points_entries`))[0]!.n;
  const postedEntries = async () =>
    (
      await rowsOf<{ n: number }>(
        t.graph.host!.database.forCenter('finance'),
        sql`select count(*)::int as n from finance.journal_entries where kind = 'POINTS'`,
      )
    )[0]!.n;

  it("the demo members' seeded points are in the liability: every entry posted once, the liability is the value of all outstanding points", async () => {
    const seeded = await entries();
    expect(seeded).toBeGreaterThan(100);
    // About 160 entries reach finance through the queue after the graph starts: on PostgreSQL pg-boss
    // hands them over a few at a time (about 40 s here), on PGlite in seconds.
    await waitFor(async () => (await postedEntries()) === (await entries()), { what: 'finance posted the seeded points', timeoutMs: 170_000 });
    expect(await liability()).toBe(-(await outstanding()));
    expect(await outstanding()).toBeGreaterThan(0n);
  }, 180_000);

  it('after spending, earning and an after-sale reversal, the liability moved exactly as the outstanding points did', async () => {
    const points0 = await outstanding();
    const liability0 = await liability();
    const entries0 = await entries();
    const posted0 = await postedEntries();
    /** Every points entry since the start has been posted, and the two sides moved alike (a liability is a credit: negative). */
    const inStep = async (what: string) => {
      await waitFor(async () => (await postedEntries()) - posted0 === (await entries()) - entries0, { what: `finance posted ${what}` });
      expect((await liability()) - liability0).toBe(-((await outstanding()) - points0));
      expect(await liability()).toBe(-(await outstanding()));
    };

    const order = await paidOrder(t, `fin-points-${Date.now()}`, [{ skuId: skus[0]!.id, quantity: 2 }], { pointsToUse: 200 });
    expect(order.checkout.pointsUsed).toBeGreaterThan(0);
    await inStep('the points spent');
    expect((await entries()) - entries0).toBe(1);

    await deliveredOrder(t, order.id);
    const confirmed = await t.gql(
      'mutation($i: ConfirmReceiptInput!) { confirmReceipt(input: $i) { userErrors { code } } }',
      { i: { orderId: order.id } },
      t.tokens.customer,
    );
    expect(confirmed.errors).toBeUndefined();
    await waitFor(async () => (await orderStatus(t, order.id)) === 'COMPLETED', { what: 'completed' });
    await waitFor(async () => (await entries()) - entries0 === 2, { what: 'points earned' });
    await inStep('the points earned');

    // One of the two units comes back (退货退款): its refund takes back the points it earned and gives back those it spent.
    const filed = await fileRequest(t, { orderId: order.id, orderLineId: order.lines[0]!.id, type: 'RETURN_REFUND', quantity: 1, reasonCode: 'QUALITY' });
    expect(filed.data!.fileAfterSaleRequest.userErrors).toEqual([]);
    const id = filed.data!.fileAfterSaleRequest.request!.id;
    expect((await decide(t, 'approve', { id }, t.tokens.merchantA)).data!.result.request!.status).toBe('APPROVED');
    const shipped = await t.gql(
      'mutation($input: SubmitAfterSaleReturnShipmentInput!) { submitAfterSaleReturnShipment(input: $input) { request { status } userErrors { code message } } }',
      { input: { id, carrierCode: 'SF', trackingNumber: `SF${Date.now()}` } },
      t.tokens.customer,
    );
    expect(shipped.errors).toBeUndefined();
    const receiptId = await waitFor(
      async () =>
        (
          await t.gql<{ afterSaleRequest: { returnReceiptId: string | null } }>(
            'query($id: ID!) { afterSaleRequest(id: $id) { returnReceiptId } }',
            { id },
            t.tokens.admin,
          )
        ).data?.afterSaleRequest.returnReceiptId,
      { what: 'the return receipt' },
    );
    const received = await t.gql(
      'mutation($input: ReceiveInboundReceiptInput!) { receiveInboundReceipt(input: $input) { userErrors { code message } } }',
      { input: { id: receiptId, lines: [{ skuId: skus[0]!.id, quantity: 1, quality: 'GOOD' }] } },
      t.tokens.merchantA,
    );
    expect(received.errors).toBeUndefined();
    const putAway = await t.gql(
      'mutation($id: ID!) { putAwayInboundReceipt(input: { id: $id }) { userErrors { code message } } }',
      { id: receiptId },
      t.tokens.merchantA,
    );
    expect(putAway.errors).toBeUndefined();
    expect((await settled(t, id)).status).toBe('REFUNDED');
    // The refund takes back half the earned points and gives back half the spent ones.
    await waitFor(async () => (await entries()) - entries0 === 4, { what: 'points revoked and returned' });
    const kinds = await rowsOf<{ kind: string }>(
      t.graph.host!.database.forCenter('members'),
      sql`select kind from members.points_entries order by seq desc limit 4`,
    );
    expect(kinds.map((k) => k.kind).sort()).toEqual(['EARN', 'REFUND', 'REVOKE', 'SPEND']);
    await inStep('the reversal');
  }, 240_000);
});
